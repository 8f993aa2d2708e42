#!/usr/bin/python3
"""Reads a TensorBoard event file as TensorFlow's record reader does and checks every masked
CRC-32C (python3-crc32c). Writes the records to stdout as one protobuf message of
`repeated bytes event = 1` (so one `protoc --decode` shows them all); exits 1 on a bad record."""
import struct
import sys

import crc32c


def masked(data):
    c = crc32c.crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


data = open(sys.argv[1], "rb").read()
out = bytearray()
pos = n = 0
while pos < len(data):
    if len(data) - pos < 12:
        sys.exit(f"record {n}: truncated header")
    header = data[pos:pos + 8]
    (length,) = struct.unpack("<Q", header)
    (crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
    if crc != masked(header):
        sys.exit(f"record {n}: bad length crc")
    body = data[pos + 12:pos + 12 + length]
    if len(body) != length or len(data) < pos + 16 + length:
        sys.exit(f"record {n}: truncated data")
    (crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
    if crc != masked(body):
        sys.exit(f"record {n}: bad data crc")
    out += b"\x0a" + varint(length) + body
    pos += 16 + length
    n += 1
sys.stdout.buffer.write(out)
