"""lexgate-filter --jsonl on a line of 200,000 keys, one of them repeated:
every key comes back once, in order, the repeated one in its first place
with its last value, which is screened. Reading such a line was quadratic in its keys (ordered_json
looked each key up one by one: 80,000 keys took 7 s); the test's timeout
(CMakeLists.txt) catches that coming back.
   many_keys.py LEXGATE_FILTER RULES"""

import json
import subprocess
import sys

filter_binary, rules = sys.argv[1], sys.argv[2]
keys = 200_000
parts = ['"text":"clean"']
parts += [f'"k{i}":{i}' for i in range(keys)]
parts.append('"text":"what the fuck"')
line = "{" + ",".join(parts) + "}\n"
run = subprocess.run([filter_binary, "--rules", rules, "--jsonl"], input=line.encode(),
                     capture_output=True, timeout=120)
if run.returncode != 0:
    sys.exit(f"FAIL: exit {run.returncode}: {run.stderr.decode()[:500]}")
out = json.loads(run.stdout.splitlines()[-1])  # after the header record
names = list(out)
if names[0] != "text" or out["text"] != "what the fuck" or out["redacted"] != "what the ****":
    sys.exit(f"FAIL: text is {out.get('text')!r} at position {names.index('text')}, "
             f"redacted {out.get('redacted')!r}")
if names[1:keys + 1] != [f"k{i}" for i in range(keys)] or out["k199999"] != 199999:
    sys.exit("FAIL: the keys did not come back once each, in order")
print(f"ok: {keys + 1} keys")
