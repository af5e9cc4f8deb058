print("lapgan-tui")
