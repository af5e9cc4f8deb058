#!/usr/bin/env python3
"""Writes the small IDX, IDX.gz, CIFAR-10 and training-log seeds of Fuzz/Corpus (the .lpg seeds come from
`fuzz-model --write-seeds`, the PNG seeds are Tests/LapGANTests/Fixtures/*.png)."""
import gzip, os, struct

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")

def write(sub, name, data):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
    with open(os.path.join(root, sub, name), "wb") as f:
        f.write(data)

# IDX: 3 images of 4x4 unsigned bytes, their 3 labels, each plain and gzip-compressed.
images = bytes([0, 0, 8, 3]) + struct.pack(">III", 3, 4, 4) + bytes(range(48))
labels = bytes([0, 0, 8, 1]) + struct.pack(">I", 3) + bytes([0, 9, 4])
write("idx", "images.idx", images)
write("idx", "labels.idx", labels)
write("idx", "images.idx.gz", gzip.compress(images, mtime=0))
write("idx", "labels.idx.gz", gzip.compress(labels, mtime=0))

# CIFAR-10: two records (label byte + 3072 pixel bytes).
write("cifar", "data_batch_1.bin", bytes([3]) + bytes(i % 256 for i in range(3072)) + bytes([9]) + bytes(3072))

# Training logs: a multi-process run with a repeated header after a resume, an eval row and blank fields.
write("log", "resumed.csv", (
    "wall_time,level,step,epoch,d_loss,g_loss,d_real,d_fake,lr,images_per_s,ranks\n"
    "1.5,1,20,0.04,0.6,0.59,0.66,0.55,0.0002,2352.5,2\n"
    "1.6,0,20,0.04,nan,inf,,0.5,2e-4,100,2\n"
    "wall_time,level,step,epoch,d_loss,g_loss,d_real,d_fake,lr,images_per_s,ranks\n"
    "1.7,1,40,0.08,0.61,0.6,,,,,2\n"
    "1.8,1,40,,,,,,,\n").encode())
