#!/usr/bin/env python3
"""The folders' include rules (README.md, Layout), checked on every file and
on everything it includes in turn: a rule broken three headers down is
broken all the same. Prints each violation; exits 1 if there is one."""

import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCES = ("model", "algorithms", "views", "protocol", "storage", "coordinator", "actors", "dashboard", "nodes")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# (folders, patterns that none of their files may reach, transitively, why)
REACH = [
    (("model/", "storage/", "protocol/"), [r"^algorithms/(search|bayes|stopping)/"],
     "the model, the log and the wire know nothing of search or Bayesian code"),
    (("model/", "algorithms/", "storage/", "protocol/", "coordinator/"), [r"^<nlohmann/"],
     "JSON is made in views/, where it is printed"),
    (("model/", "algorithms/", "storage/", "protocol/", "coordinator/", "views/"), [r"^<caf/"],
     "only actors/ (and the nodes that start them) use CAF"),
    (("model/", "algorithms/", "views/", "coordinator/", "storage/"), [r"^<zmq", r"^<msgpack"],
     "the wire stays in protocol/ and actors/transport/"),
    (("model/", "algorithms/", "views/", "coordinator/", "protocol/"), [r"^<rocksdb/"],
     "RocksDB stays in storage/"),
]
# (pattern, folders whose files may include it directly)
DIRECT = [
    (r"^<nlohmann/", ("views/", "nodes/", "dashboard/")),
    (r"^<rocksdb/", ("storage/",)),
    (r"^<msgpack", ("protocol/",)),
    (r"^<zmq", ("actors/transport/",)),
]


def includes(path):
    """(kind, name) of each include: '"' with a repository path, or '<' with a system header."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        text = f.read()
    out = []
    for bracket, name in INCLUDE.findall(text):
        if bracket == "<":
            out.append("<" + name)
            continue
        for candidate in (name, os.path.normpath(os.path.join(os.path.dirname(path), name))):
            if os.path.isfile(os.path.join(ROOT, candidate)):
                out.append(candidate)
                break
    return out


def main():
    files = []
    for top in SOURCES:
        for folder, _, names in os.walk(os.path.join(ROOT, top)):
            files += [os.path.relpath(os.path.join(folder, n), ROOT) for n in names if n.endswith((".hpp", ".cpp"))]
    direct = {f: includes(f) for f in files}
    closure = {}

    def reach(f, seen):
        """Everything f includes, and what that includes in turn."""
        if f in closure:
            return closure[f]
        seen.add(f)
        if f not in direct:
            direct[f] = includes(f)
        out = set()
        for i in direct[f]:
            out.add(i)
            if not i.startswith("<") and i not in seen:
                out |= reach(i, seen)
        closure[f] = out
        return out

    problems = []
    for f in sorted(files):
        everything = reach(f, set())
        for folders, patterns, why in REACH:
            if f.startswith(folders):
                for name in sorted(everything):
                    if any(re.search(p, name) for p in patterns):
                        problems.append("%s reaches %s: %s" % (f, name.lstrip("<"), why))
        for name in direct[f]:
            for pattern, allowed in DIRECT:
                if re.search(pattern, name) and not f.startswith(allowed):
                    problems.append("%s includes %s: only %s may" % (f, name.lstrip("<"), ", ".join(allowed)))
    # The top of actors/ holds actors: each header spawns one (atoms and the
    # coordinator's class are theirs).
    for f in sorted(files):
        if f.startswith("actors/") and f.count("/") == 1 and f.endswith(".hpp"):
            if os.path.basename(f) in ("atoms.hpp", "coordinator_actor.hpp"):
                continue
            with open(os.path.join(ROOT, f), encoding="utf-8") as h:
                if "caf::actor spawn_" not in h.read():
                    problems.append("%s is at the top of actors/ but spawns no actor" % f)
    for p in problems:
        print(p)
    print("%d files checked, %d problems" % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
