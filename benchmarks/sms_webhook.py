"""Benchmark: signed Twilio webhook requests vs a hello-world endpoint, through gunicorn on
PostgreSQL, side by side in one run. Not a test: it prints figures.

    .venv/bin/python benchmarks/sms_webhook.py [--seconds 20] [--clients 4] [--workers 2]
    .venv/bin/python benchmarks/sms_webhook.py --in-process [--runs 3]

Each of the client connections plays workers texting a whole Spanish survey in order (first
contact, employer, city, answers, story), every request signed like Twilio signs it; wrk drives
the load (Debian's wrk; `make bench` installs it). PostgreSQL comes from BENCH_DATABASE_URL
(default: the `test` database on 127.0.0.1, in a schema of its own that is dropped afterwards).

`--in-process` measures the time of one message without a server or wrk: the same signed
conversations through Flask's test client, in this process (60 workers' whole surveys per run).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TOKEN = "bench-twilio-token"
SCHEMA = f"wv_bench_{os.getpid()}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def conversation(phone: int, employer: str) -> list[str]:
    from worker_voice.survey import QUESTIONS

    return ["HOLA", employer, "Chicago", *(["1"] * len(QUESTIONS)), "Cambian el horario"]


def lua_script(port: int, clients: int, per_client: int) -> str:
    """wrk script: one connection per thread, each cycling through its own signed messages."""
    url = f"http://127.0.0.1:{port}/sms/inbound"
    validator = RequestValidator(TOKEN)
    lines = ["local requests = {}"]
    for client in range(clients):
        lines.append(f"requests[{client + 1}] = {{")
        made, phone = 0, 0
        while made < per_client:
            number = f"+1555{client:02d}{phone:05d}"
            for step, body in enumerate(conversation(phone, "Burger Barn")):
                params = {"MessageSid": f"SM{client:04d}{phone:08d}{step:04d}{'0' * 16}",
                          "AccountSid": "AC" + "0" * 32, "From": number, "To": "+15557654321",
                          "Body": body, "FromCity": "CHICAGO", "FromState": "IL"}
                signature = validator.compute_signature(url, params)
                payload = urlencode(params).replace("\\", "\\\\").replace('"', '\\"')
                lines.append(
                    f'  wrk.format("POST", "/sms/inbound", {{["Content-Type"]='
                    f'"application/x-www-form-urlencoded", ["X-Twilio-Signature"]="{signature}"}}'
                    f', "{payload}"),'
                )
                made += 1
            phone += 1
        lines.append("}")
    lines.append("""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  mine = requests[id]
  position = 0
end
function request()
  position = position % #mine + 1
  return mine[position]
end
""")
    return "\n".join(lines)


def signed_messages(url: str, phones: int, client: int = 0) -> list[tuple[dict, str]]:
    validator, made = RequestValidator(TOKEN), []
    for phone in range(phones):
        number = f"+1555{client:02d}{phone:05d}"
        for step, body in enumerate(conversation(phone, "Burger Barn")):
            params = {"MessageSid": f"SM{client:04d}{phone:08d}{step:04d}{'0' * 16}",
                      "AccountSid": "AC" + "0" * 32, "From": number, "To": "+15557654321",
                      "Body": body, "FromCity": "CHICAGO", "FromState": "IL"}
            made.append((params, validator.compute_signature(url, params)))
    return made


def in_process(env: dict, runs: int) -> None:
    """Per-message time through the test client; each run in a fresh set of conversations."""
    os.environ.update(env)
    from worker_voice import create_app

    app = create_app()
    client = app.test_client()
    base = env["PUBLIC_BASE_URL"]
    times = []
    for run in range(runs):
        messages = signed_messages(f"{base}/sms/inbound", 60, client=run)
        started = time.perf_counter()
        for params, signature in messages:
            response = client.post("/sms/inbound", data=params,
                                   headers={"X-Twilio-Signature": signature})
            assert response.status_code == 200, response.status_code
        times.append((time.perf_counter() - started) / len(messages) * 1000)
    print(f"in process, {len(messages)} messages a run: "
          + ", ".join(f"{ms:.2f}" for ms in times) + f" ms a message (best {min(times):.2f})")


def run_wrk(url: str, seconds: int, clients: int, script: str | None) -> dict:
    command = ["wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": "Non-2xx" in output or "Socket errors" in output,
        "raw": output,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-process", action="store_true",
                        help="time one message through the test client instead")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.in_process and not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it (apt-get install wrk)")

    engine = sa.create_engine(BASE_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{SCHEMA}"'))
    database_url = f"{BASE_URL}?options=-csearch_path%3D{SCHEMA}"
    port = free_port()
    env = dict(os.environ, WORKER_VOICE_ENV="production", SECRET_KEY="b" * 40,
               PHONE_HASH_KEY="p" * 40, DATABASE_URL=database_url, TWILIO_AUTH_TOKEN=TOKEN,
               PUBLIC_BASE_URL=f"http://127.0.0.1:{port}", FLASK_APP="wsgi")
    flask = str(ROOT / ".venv" / "bin" / "flask")
    subprocess.run([flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    with sa.create_engine(database_url).begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO employer (name, normalized_name, naics_code) "
            "VALUES ('Burger Barn', 'burger barn', '722513')"))
    if args.in_process:
        try:
            in_process(env, args.runs)
        finally:
            with engine.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
        return
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(args.workers), "-b",
         f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "benchmarks.bench_wsgi:app"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/hello/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        per_client = max(2000, args.seconds * 150)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua_script(port, args.clients, per_client))
        run_wrk(f"http://127.0.0.1:{port}/hello/", 3, args.clients, None)  # warm-up
        hello = run_wrk(f"http://127.0.0.1:{port}/hello/", args.seconds, args.clients, None)
        webhook = run_wrk(f"http://127.0.0.1:{port}", args.seconds, args.clients, script.name)
        with sa.create_engine(database_url).connect() as connection:
            reports = connection.execute(sa.text("SELECT count(*) FROM report")).scalar()
            deliveries = connection.execute(sa.text("SELECT count(*) FROM sms_delivery")).scalar()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
        os.unlink(script.name) if "script" in locals() else None

    print(f"gunicorn workers={args.workers}, wrk connections={args.clients}, "
          f"{args.seconds}s each, PostgreSQL")
    for name, result in (("hello world", hello), ("signed SMS webhook", webhook)):
        flag = "  (errors! see wrk output)" if result["errors"] else ""
        print(f"{name:>20}: {result['rps']:8.1f} req/s   p50 {result['p50']:6.2f} ms   "
              f"p99 {result['p99']:6.2f} ms{flag}")
    print(f"{'ratio':>20}: {webhook['rps'] / hello['rps']:.1%} of hello-world throughput "
          f"(target ≥ 10%), webhook p99 {'<' if webhook['p99'] < 100 else '≥'} 100 ms")
    print(f"{'stored':>20}: {deliveries} deliveries, {reports} completed reports")
    if webhook["errors"]:
        print(webhook["raw"])


if __name__ == "__main__":
    main()
