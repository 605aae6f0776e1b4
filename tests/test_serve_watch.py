"""`mkdocs serve`: files are watched with inotify, and only changes trigger a rebuild."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler

from kabardesa.mkdocs_adapter import _ChangesObserver, on_serve


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.seen = threading.Event()

    def on_any_event(self, event) -> None:
        self.events.append(event.event_type)
        self.seen.set()


def test_reading_a_file_is_not_a_change_but_writing_is(tmp_path: Path):
    story = tmp_path / "cerita.md"
    story.write_text("awal", encoding="utf-8")
    recorder = Recorder()
    observer = _ChangesObserver()
    observer.schedule(recorder, str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.2)
        story.read_text(encoding="utf-8")  # a build reads every story
        assert not recorder.seen.wait(0.5), recorder.events
        story.write_text("ubah", encoding="utf-8")
        assert recorder.seen.wait(5)
        assert set(recorder.events) <= {"modified", "closed", "created"}
    finally:
        observer.stop()
        observer.join()


class FakeServer:
    """The parts of MkDocs 1.6's LiveReloadServer that on_serve touches."""

    def __init__(self, polling) -> None:
        self.observer = polling
        self._watched_paths: dict[str, int] = {}
        self._watch_refs: dict[str, object] = {}

    def watch(self, path: str) -> None:
        self._watched_paths[path] = 1
        self._watch_refs[path] = self.observer.schedule(FileSystemEventHandler(), path, recursive=True)


def test_on_serve_moves_every_watched_path_to_the_notifier(tmp_path: Path):
    from watchdog.observers.polling import PollingObserver

    server = FakeServer(PollingObserver())
    for name in ("docs", "overrides"):
        (tmp_path / name).mkdir()
        server.watch(str(tmp_path / name))
    on_serve(server, None, None)
    assert isinstance(server.observer, _ChangesObserver)
    assert sorted(server._watched_paths) == [str(tmp_path / "docs"), str(tmp_path / "overrides")]
    assert sorted(str(w.path) for w in server._watch_refs.values()) == sorted(server._watched_paths)


def test_on_serve_leaves_an_unknown_server_alone():
    server = object()
    assert on_serve(server, None, None) is server
