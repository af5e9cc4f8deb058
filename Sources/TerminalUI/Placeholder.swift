import LapGAN
