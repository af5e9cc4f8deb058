print("lapgan")
