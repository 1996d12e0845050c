#!/usr/bin/python3
"""Regenerates digits.bin, the UCI 8x8 hand-written digits (1,797 images, 10 classes).

Source: the copy of the UCI "Optical Recognition of Handwritten Digits" test set that ships with
scikit-learn (sklearn.datasets.load_digits reads its bundled digits.csv.gz; no network).
Creators: E. Alpaydin and C. Kaynak (1998). Licence: CC BY 4.0. See README.md in this folder.

Run with Debian's Python (python3-sklearn):  /usr/bin/python3 src/data/make_digits.py [OUTPUT]
OUTPUT defaults to digits.bin next to this script. The output is byte-for-byte reproducible.

File format (all integers little-endian):
    offset 0   4 bytes   magic b"DG88"
    offset 4   uint32    count N of images (1797)
    offset 8   N records of 65 bytes each, in scikit-learn's order:
                 64 bytes  pixels, row-major 8x8 (top row first), each an integer 0..16
                            (the number of set pixels in a 4x4 block of the 32x32 bitmap)
                  1 byte   label, the digit 0..9
Total size: 8 + 65 * N bytes (116,813 bytes for N = 1797).
"""
import os
import struct
import sys

from sklearn.datasets import load_digits

MAGIC = b"DG88"
PIXELS = 64


def encode(images, labels):
    """The file's bytes for integer pixel rows (0..16) and labels (0..9)."""
    out = bytearray(MAGIC)
    out += struct.pack("<I", len(labels))
    for pixels, label in zip(images, labels):
        row = [int(p) for p in pixels]
        if len(row) != PIXELS or any(p != v or not 0 <= p <= 16 for p, v in zip(row, pixels)):
            raise ValueError("pixel row is not 64 integers in 0..16")
        if not 0 <= int(label) <= 9:
            raise ValueError(f"label {label} is not a digit")
        out += bytes(row)
        out.append(int(label))
    return bytes(out)


def main():
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.bin")
    output = sys.argv[1] if len(sys.argv) > 1 else default
    digits = load_digits()
    data = encode(digits.data, digits.target)
    with open(output, "wb") as f:
        f.write(data)
    print(f"wrote {output}: {len(digits.target)} images, {len(data)} bytes")


if __name__ == "__main__":
    main()
