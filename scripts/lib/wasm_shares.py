#!/usr/bin/env python3
"""Code bytes per crate in a wasm file, twiggy-style, from its name section.

Code that LTO inlined into a caller counts for the caller's crate, so a
small crate's share is a lower bound.

Usage: wasm_shares.py APP.wasm [TOP]
Reads the raw cargo output (before wasm-opt strips names), attributes every
function body to the crate its name starts with (`<T as Trait>::f` goes to
T's crate; generic code instantiated for another crate's types stays with
the crate that wrote it) and prints bytes and shares, largest first.
"""
import re
import sys
from collections import Counter


def leb(data, i):
    result, shift = 0, 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def sections(data):
    assert data[:4] == b"\0asm", "not a wasm file"
    i = 8
    while i < len(data):
        sid = data[i]
        size, j = leb(data, i + 1)
        yield sid, data[j : j + size]
        i = j + size


def demangle_first(name):
    """The first path component of a legacy-mangled Rust symbol, with
    `<T as Trait>` reduced to T's path (`_ZN60_$LT$rules..x..Y$u20$as…`)."""
    m = re.match(r"_ZN(\d+)", name)
    if not m:
        return name
    start = m.end()
    first = name[start : start + int(m.group(1))]
    first = first.removeprefix("_")
    for code, text in (("$LT$", "<"), ("$RF$", "&"), ("$BP$", "*"), ("$u20$", " "), ("..", "::")):
        first = first.replace(code, text)
    if not first.startswith("<"):
        return first + "::"
    return first


def crate_of(name):
    if name.startswith("_R"):  # v0 mangling: the first crate named in it
        m = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)", name)
        if m:
            start = m.end()
            return name[start : start + int(m.group(1))]
    name = demangle_first(name)
    name = name.lstrip("<&*").removeprefix("mut ").removeprefix("dyn ").lstrip("<&*")
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", name)
    return m.group(1) if m else "(other)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    data = open(path, "rb").read()
    imported, bodies, names = 0, [], {}
    for sid, body in sections(data):
        if sid == 2:  # imports: functions come first in the index space
            count, i = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, i = leb(body, i)
                    i += n
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
                else:
                    i += 1
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, i = leb(body, i)
                bodies.append(size)
                i += size
        elif sid == 0:
            n, i = leb(body, 0)
            if body[i : i + n] != b"name":
                continue
            i += n
            while i < len(body):
                sub = body[i]
                size, j = leb(body, i + 1)
                if sub == 1:
                    count, k = leb(body, j)
                    for _ in range(count):
                        idx, k = leb(body, k)
                        ln, k = leb(body, k)
                        names[idx] = body[k : k + ln].decode("utf-8", "replace")
                        k += ln
                i = j + size
    if not names:
        sys.exit(f"{path}: no name section (built with names stripped?)")
    per = Counter()
    for n, size in enumerate(bodies):
        per[crate_of(names.get(imported + n, ""))] += size
    total = sum(per.values())
    print(f"code bytes {total} in {len(bodies)} functions ({path})")
    for crate, size in per.most_common(top):
        print(f"  {crate:<28} {size:>9}  {100 * size / total:5.1f} %")
    print(f"share rules {per['rules'] / total:.4f}")


main()
