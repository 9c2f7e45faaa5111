#!/usr/bin/python3
"""An outside client that knows none of renfort's .proto files.

It starts the all-in-one `renfort` server on a scratch database of the test PostgreSQL, then,
using only Debian's python3-grpcio and python3-protobuf:
  1. checks grpc.health.v1.Health until the server reports SERVING;
  2. lists the services through server reflection and expects the three renfort.v1 services;
  3. downloads the descriptors of renfort.v1.MissionService through reflection, builds the
     GetMission request type from them and calls it, proving the API is usable without our files;
  4. stops the server with SIGTERM and expects a clean exit.
This is what grpcurl-style tools do. Run by ctest; needs RENFORT_TEST_DATABASE_URL/REDIS_URL.
"""
import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

EXPECTED_SERVICES = {
    "renfort.v1.MissionService",
    "renfort.v1.VolunteerService",
    "renfort.v1.MatchingService",
    "grpc.health.v1.Health",
}


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fail(message, log_path=None):
    print(f"FAILED: {message}")
    if log_path:
        print("server output:\n" + open(log_path).read())
    sys.exit(1)


def psql(admin_url, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin_url, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


def scratch_url(admin_url, name):
    return re.sub(r"/[^/?]*(\?.*)?$", "/" + name, admin_url)


def wait_for_port(log_path, process, deadline):
    while time.time() < deadline:
        with open(log_path) as log:
            for line in log:
                if '"event":"listening"' in line:
                    return json.loads(line)["port"]
        if process.poll() is not None:
            fail(f"server exited with {process.returncode} before listening", log_path)
        time.sleep(0.05)
    fail("server did not listen in time", log_path)


def reflection_call(channel, reflection, request):
    call = channel.stream_stream(
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection.ServerReflectionResponse.FromString)
    return next(iter(call(iter([request]), timeout=5)))


def check_health(channel, health, log_path):
    check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                request_serializer=health.HealthCheckRequest.SerializeToString,
                                response_deserializer=health.HealthCheckResponse.FromString)
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            if check(health.HealthCheckRequest(service=""), timeout=2).status == \
                    health.HealthCheckResponse.SERVING:
                print("health: SERVING")
                return
        except grpc.RpcError:
            pass
        time.sleep(0.05)
    fail("health never reported SERVING", log_path)


def check_reflection(channel, reflection, log_path):
    listed = reflection_call(channel, reflection,
                             reflection.ServerReflectionRequest(list_services="*"))
    names = {service.name for service in listed.list_services_response.service}
    print("reflection lists:", ", ".join(sorted(names)))
    if not EXPECTED_SERVICES <= names:
        fail(f"reflection misses {sorted(EXPECTED_SERVICES - names)}", log_path)

    files = reflection_call(channel, reflection, reflection.ServerReflectionRequest(
        file_containing_symbol="renfort.v1.MissionService"))
    pool = descriptor_pool.DescriptorPool()
    pending = [descriptor_pb2.FileDescriptorProto.FromString(raw)
               for raw in files.file_descriptor_response.file_descriptor_proto]
    # Reflection sends a file with its dependencies in no guaranteed order: add what resolves.
    while pending:
        progress = False
        for proto in list(pending):
            try:
                pool.Add(proto)
                pending.remove(proto)
                progress = True
            except TypeError:
                continue
        if not progress:
            fail("could not resolve descriptors: " + ", ".join(p.name for p in pending))
    service = pool.FindServiceByName("renfort.v1.MissionService")
    methods = {method.name for method in service.methods}
    for required in ("CreateMission", "SearchMissions", "Apply", "GetParticipationStats"):
        if required not in methods:
            fail(f"MissionService has no {required} method in its descriptor")
    print(f"renfort.v1.MissionService: {len(methods)} methods from reflection")
    return pool


def call_get_mission(channel, pool):
    method = pool.FindServiceByName("renfort.v1.MissionService").methods_by_name["GetMission"]
    factory = message_factory.MessageFactory(pool)
    request_class = factory.GetPrototype(method.input_type)
    response_class = factory.GetPrototype(method.output_type)
    call = channel.unary_unary("/renfort.v1.MissionService/GetMission",
                               request_serializer=request_class.SerializeToString,
                               response_deserializer=response_class.FromString)
    try:
        call(request_class(), timeout=5)
        code = grpc.StatusCode.OK
    except grpc.RpcError as error:
        code = error.code()
    print("GetMission with an empty request answered", code.name)
    # The server decoded the call and answered with a definite verdict on the request (without a
    # token: UNAUTHENTICATED).
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
                grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN):
        fail(f"GetMission failed at the transport level: {code.name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--python_stubs", required=True)
    args = parser.parse_args()
    admin_url = os.environ.get("RENFORT_TEST_DATABASE_URL")
    redis_url = os.environ.get("RENFORT_TEST_REDIS_URL")
    if not admin_url or not redis_url:
        fail("RENFORT_TEST_DATABASE_URL/RENFORT_TEST_REDIS_URL not set: run scripts/test")

    health = load_module("health_pb2",
                         os.path.join(args.python_stubs, "grpc/health/v1/health_pb2.py"))
    reflection = load_module(
        "reflection_pb2", os.path.join(args.python_stubs, "grpc/reflection/v1alpha/reflection_pb2.py"))

    # The server trusts one freshly made key; this client sends no token, which health and
    # reflection do not need.
    key_dir = tempfile.mkdtemp(prefix="renfort-outside-client-")
    private_key, public_key = os.path.join(key_dir, "k.key"), os.path.join(key_dir, "k.pem")
    subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-out", private_key], check=True)
    subprocess.run(["openssl", "pkey", "-in", private_key, "-pubout", "-out", public_key],
                   check=True)

    database = f"renfort_outside_client_{os.getpid()}"
    psql(admin_url, f"CREATE DATABASE {database}")
    log = tempfile.NamedTemporaryFile(prefix="renfort-outside-client-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [args.server, "--port=0", "--migrate", "--db_pool_size=2", "--jwt_keys=" + public_key,
         "--database_url=" + scratch_url(admin_url, database), "--redis_url=" + redis_url],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        port = wait_for_port(log.name, process, time.time() + 20)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            check_health(channel, health, log.name)
            pool = check_reflection(channel, reflection, log.name)
            call_get_mission(channel, pool)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
        if code != 0:
            fail(f"server exited with {code} after SIGTERM", log.name)
        print("server stopped cleanly on SIGTERM")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        psql(admin_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        os.unlink(log.name)
        shutil.rmtree(key_dir)


if __name__ == "__main__":
    main()
