"""kg serve as a SPARQL 1.1 Protocol endpoint, driven by a real HTTP client against the running server."""
import csv
import io
import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import free_port, running


@pytest.fixture(scope="module")
def endpoint(seed_dir):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kg.cli", "serve", "-g", str(seed_dir / "graph.ttl"), "--port", str(port), "--timeout", "2"]
    with running(command, url + "/queries"):
        yield url


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


COUNT = "PREFIX kg: <https://kg.example.org/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Meeting }"


def test_get_with_json_results_and_cors(endpoint):
    status, headers, body = fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "1"


@pytest.mark.parametrize("accept, content_type", [
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_post_query_with_content_negotiation(endpoint, accept, content_type):
    status, headers, body = fetch(endpoint + "/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query", "Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(content_type)
    assert "1" in body


def test_post_form_encoded(endpoint):
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = fetch(endpoint + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "1"


def test_updates_and_service_are_forbidden(endpoint):
    status, _, _ = fetch(endpoint + "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    form = urllib.parse.urlencode({"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}).encode()
    assert fetch(endpoint + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": service}))[0] == 403


def test_malformed_query_is_400(endpoint):
    status, _, body = fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE {"}))
    assert status == 400 and "Malformed SPARQL" in body


def test_catalogue_and_named_questions(endpoint):
    status, _, body = fetch(endpoint + "/queries")
    names = {q["name"] for q in json.loads(body)}
    assert {"entities", "meetings", "profile"} <= names
    status, _, text = fetch(endpoint + "/queries/meetings")
    assert status == 200 and text.startswith("# question:")
    status, _, body = fetch(endpoint + "/queries/meetings/run?person=Meloni&format=csv")
    table = list(csv.DictReader(io.StringIO(body)))
    assert {r["participant"] for r in table} == {"Giorgia Meloni", "Keir Starmer"}
    assert fetch(endpoint + "/queries/leader")[0] == 404
    assert fetch(endpoint + "/queries/profile/run")[0] == 400  # a required parameter is missing


def test_a_query_past_the_time_limit_is_stopped(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.perf_counter()
    status, _, body = fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": slow}))
    assert status == 503 and "time limit" in body
    assert time.perf_counter() - started < 30  # stopped near the 2 s limit, not after the whole query
    assert fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": COUNT}))[0] == 200  # a fresh worker answers


def test_preflight(endpoint):
    status, headers, _ = fetch(endpoint + "/sparql", method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_a_client_that_leaves_early_does_not_confuse_the_next(endpoint):
    big = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    host, port = endpoint.split("//")[1].split(":")
    with socket.create_connection((host, int(port))) as s:
        s.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': big})} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    status, _, body = fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200 and json.loads(body)["head"]["vars"] == ["n"]


def test_bad_bodies_are_400(endpoint):
    host, port = endpoint.split("//")[1].split(":")
    with socket.create_connection((host, int(port))) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: abc\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 400")
    status, _, _ = fetch(endpoint + "/sparql", b"\xff\xfe", {"Content-Type": "application/sparql-query"})
    assert status == 400
