"""Malformed, replayed and abusive messages sent to the torchlab kernel with jupyter_client (the
client library nbclient and the Jupyter server use). Prints one JSON line of findings; the mocha
test (client_abuse.test.ts) runs it with Debian's python3 and checks them.

    JUPYTER_PATH=<dir with the torchlab kernelspec> /usr/bin/python3 client_abuse.py
"""
import json
import sys
import time
import uuid

from jupyter_client.manager import start_new_kernel

DELIM = b"<IDS|MSG>"


def main():
    km, kc = start_new_kernel(kernel_name="torchlab", startup_timeout=120)
    findings = {"cases": 0, "alive_after_each": True, "answers_after_each": True, "replayed_ran": None, "exit_code": None, "errors": []}
    session = kc.session

    def header(msg_type, **over):
        h = session.msg_header(msg_type)
        h.update(over)
        return h

    def signed(parts):
        """Frames signed by the session's key over the given (already serialized) parts."""
        return [DELIM, session.sign(parts)] + parts

    def pack(obj):
        return json.dumps(obj, default=str).encode()

    def quiet(m):
        """execute_interactive's default hook writes the cells' output to stdout, where the findings go."""

    def counter():
        reply = kc.execute_interactive("abused += 1; abused", timeout=60, output_hook=quiet)
        return reply["content"]["status"]

    kc.execute_interactive("let abused = 0;", timeout=120, output_hook=quiet)
    shell, control, stdin = kc.shell_channel.socket, kc.control_channel.socket, kc.stdin_channel.socket
    cases = []
    for name, sock in (("shell", shell), ("control", control)):
        cases += [
            (f"{name}: header without msg_type", sock, signed([pack({"msg_id": str(uuid.uuid4())}), b"{}", b"{}", b"{}"])),
            (f"{name}: header null", sock, signed([b"null", b"{}", b"{}", b"{}"])),
            (f"{name}: header a number", sock, signed([b"5", b"{}", b"{}", b"{}"])),
            (f"{name}: unknown msg_type", sock, signed([pack(header("nonsense_request")), b"{}", b"{}", b"{}"])),
            (f"{name}: shutdown_request with null content", sock, signed([pack(header("shutdown_request")), b"{}", b"{}", b"null"])),
            (f"{name}: content not JSON", sock, signed([pack(header("kernel_info_request")), b"{}", b"{}", b"{oops"])),
            (f"{name}: parent header a list", sock, signed([pack(header("kernel_info_request")), b"[1]", b"{}", b"{}"])),
            (f"{name}: forged signature", sock, [DELIM, b"f" * 64, pack(header("kernel_info_request")), b"{}", b"{}", b"{}"]),
            (f"{name}: unsigned", sock, [DELIM, b"", pack(header("kernel_info_request")), b"{}", b"{}", b"{}"]),
            (f"{name}: two frames", sock, [DELIM, b"x"]),
            (f"{name}: no delimiter", sock, [b"just", b"garbage"]),
            (f"{name}: msg_id a list", sock, signed([pack(header("kernel_info_request", msg_id=[1])), b"{}", b"{}", b"{}"])),
            (f"{name}: binary junk", sock, signed([b"\xff\xfe", b"\x00", b"{}", b"{}"])),
            (f"{name}: 2 MB of content", sock, signed([pack(header("kernel_info_request")), b"{}", b"{}", pack({"pad": "x" * (2 << 20)})])),
        ]
    cases += [
        ("shell: execute_request with code a list", shell, signed([pack(header("execute_request")), b"{}", b"{}", pack({"code": [1, 2]})])),
        ("shell: execute_request with silent a dict", shell, signed([pack(header("execute_request")), b"{}", b"{}", pack({"code": "1", "silent": {}})])),
        ("shell: complete_request with cursor_pos a string", shell, signed([pack(header("complete_request")), b"{}", b"{}", pack({"code": "torch.", "cursor_pos": "end"})])),
        ("shell: inspect_request with cursor_pos huge", shell, signed([pack(header("inspect_request")), b"{}", b"{}", pack({"code": "torch.ones(", "cursor_pos": 10**12})])),
        ("shell: history_request nonsense", shell, signed([pack(header("history_request")), b"{}", b"{}", pack({"hist_access_type": 5})])),
        ("shell: comm_open without anything", shell, signed([pack(header("comm_open")), b"{}", b"{}", b"{}"])),
        ("stdin: input_reply with nothing pending", stdin, signed([pack(header("input_reply")), b"{}", b"{}", pack({"value": "x"})])),
        ("stdin: garbage", stdin, [b"garbage"]),
        ("control: interrupt_request while idle", control, signed([pack(header("interrupt_request")), b"{}", b"{}", b"{}"])),
    ]
    for name, sock, frames in cases:
        findings["cases"] += 1
        sock.send_multipart(frames)
        sock.send_multipart(frames)  # the same frames again: a replay
        time.sleep(0.02)
        if not km.is_alive():
            findings["alive_after_each"] = False
            findings["errors"].append(f"dead after {name}")
            break
        try:
            if counter() != "ok":
                findings["answers_after_each"] = False
                findings["errors"].append(f"a cell failed after {name}")
        except Exception as e:  # noqa: BLE001 - any failure to answer is a finding
            findings["answers_after_each"] = False
            findings["errors"].append(f"no answer after {name}: {e!r}")
            break

    # A validly signed execute_request replayed verbatim must not run twice.
    kc.execute_interactive("let replayed = 0;", timeout=60, output_hook=quiet)
    msg = session.msg("execute_request", {"code": "replayed += 1;", "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
    frames = session.serialize(msg)
    shell.send_multipart(frames)
    shell.send_multipart(frames)
    time.sleep(1.0)
    reply = kc.execute_interactive("replayed", timeout=60, output_hook=quiet)
    findings["replayed_ran"] = reply["content"]["status"] == "ok"
    outputs = []
    kc.execute_interactive("console.log(String(replayed))", timeout=60, output_hook=lambda m: outputs.append(m))
    findings["replayed_count"] = "".join(m["content"].get("text", "") for m in outputs if m["header"]["msg_type"] == "stream").strip()

    # The provisioner forgets its process once it has waited for it: keep the Popen to read the
    # status (a kernel that had to be killed after the shutdown_request shows -9).
    popen = km.provisioner.process
    km.shutdown_kernel(now=False)
    findings["exit_code"] = popen.wait(timeout=30)
    kc.stop_channels()
    print(json.dumps(findings))


if __name__ == "__main__":
    sys.exit(main())
