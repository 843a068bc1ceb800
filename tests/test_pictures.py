"""Pictures in posts (plugins/shortlist_images): however the path is written, the
picture is found in content/images/ and shown at its published address with its width
and height, in every setting; a path that finds nothing is a problem naming the post."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH, Build, run_pelican
from linkcheck import check_output
from PIL import Image

sys.path.insert(0, str(ROOT / "plugins"))

from shortlist_images.pictures import (
    Picture,
    file_stamp,
    indicator_pattern,
    is_stale,
    locate,
    picture_size,
    sized,
)

INDICATOR = indicator_pattern("[{|](?P<what>.*?)[|}]")  # Pelican's INTRASITE_LINK_REGEX
SAMPLE_PICTURE = "images/portfolio-three-case-studies.png"


def draw(path: Path, size: tuple[int, int] = (40, 20), orientation: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (200, 80, 60))
    if orientation is None:
        image.save(path)
    else:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(path, exif=exif)
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    draw(folder / "images" / "desk.png")
    (folder / "reflections").mkdir(parents=True)
    return folder


# --- Where a written path leads (pure) ---------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "images/desk.png",
        "/images/desk.png",
        "../images/desk.png",
        "./../images/desk.png",
        "{static}/images/desk.png",
        "{static}../images/desk.png",
        "{static}images/desk.png",
        "|static|/images/desk.png",
        "{filename}/images/desk.png",
        "images/./desk.png",
    ],
)
def test_every_natural_spelling_finds_the_picture(content: Path, written: str) -> None:
    found = locate(written, "content/reflections/x.md", "reflections", content, INDICATOR)
    assert found is not None and found.problem is None
    assert found.src == "{static}/images/desk.png"
    assert found.picture == Picture(
        written, "images/desk.png", file_stamp(content / "images/desk.png"), 40, 20
    )


def test_a_picture_beside_the_post_wins_over_one_in_images(content: Path) -> None:
    draw(content / "reflections" / "images" / "desk.png", (10, 10))
    beside = locate("images/desk.png", "x.md", "reflections", content, INDICATOR)
    assert beside is not None and beside.src == "{static}/reflections/images/desk.png"
    assert (beside.picture.width, beside.picture.height) == (10, 10)
    # From the content folder, or up from the post's folder: only there.
    rooted = locate("/images/desk.png", "x.md", "reflections", content, INDICATOR)
    assert rooted is not None and rooted.src == "{static}/images/desk.png"


def test_query_fragment_and_attach_are_kept_and_spaces_are_read(content: Path) -> None:
    draw(content / "images" / "my desk.png")
    found = locate("images/desk.png?v=2#top", "x.md", "reflections", content, INDICATOR)
    assert found is not None and found.src == "{static}/images/desk.png?v=2#top"
    found = locate("{attach}../images/desk.png", "x.md", "reflections", content, INDICATOR)
    assert found is not None and found.src == "{attach}/images/desk.png"
    found = locate("images/my%20desk.png", "x.md", "reflections", content, INDICATOR)
    assert found is not None and found.problem is None and found.picture.path == "images/my desk.png"


@pytest.mark.parametrize(
    "written",
    [
        "https://example.org/desk.png",
        "http://example.org/desk.png",
        "//cdn.example.org/desk.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "{tag}interviews",
        "",
    ],
)
def test_other_sites_pictures_are_left_alone(content: Path, written: str) -> None:
    assert locate(written, "x.md", "reflections", content, INDICATOR) is None


def test_a_missing_picture_is_a_problem_naming_the_post_and_the_path(content: Path) -> None:
    found = locate("images/chair.png", "content/reflections/x.md", "reflections", content, INDICATOR)
    assert found is not None and found.picture.path is None
    assert found.src == "images/chair.png"  # left as written: nothing to point at
    text = str(found.problem)
    assert text.startswith("content/reflections/x.md: image 'images/chair.png': no such file in ")
    assert f"{content / 'images'}/" in text
    assert "expected the picture saved as" in text and "written as ![what it shows](images/chair.png)" in text
    outside = locate("../../secret.png", "content/reflections/x.md", "reflections", content, INDICATOR)
    assert outside is not None and "points outside the content folder" in str(outside.problem)


def test_a_file_that_is_not_a_picture_is_a_problem(content: Path) -> None:
    (content / "images" / "notes.png").write_text("not a picture", encoding="utf-8")
    found = locate("images/notes.png", "content/x.md", "", content, INDICATOR)
    assert found is not None and found.src == "{static}/images/notes.png"
    assert "cannot be read as a picture" in str(found.problem)
    assert "expected a PNG, JPEG, GIF or WebP picture" in str(found.problem)


def test_size_as_the_browser_shows_it(tmp_path: Path) -> None:
    assert picture_size(draw(tmp_path / "wide.png", (300, 100))) == (300, 100)
    # A phone photo stored on its side: browsers turn it, so width and height swap.
    assert picture_size(draw(tmp_path / "turned.jpg", (300, 100), orientation=6)) == (100, 300)
    assert picture_size(draw(tmp_path / "upside-down.jpg", (300, 100), orientation=3)) == (300, 100)
    svg = tmp_path / "drawing.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    assert picture_size(svg) is None


def test_width_and_height_the_writer_gave_are_kept() -> None:
    assert sized(None, None, (640, 300)) == ("640", "300")
    assert sized("320", None, (640, 300)) == ("320", "150")
    assert sized(None, "150", (640, 300)) == ("320", "150")
    assert sized("100", "100", (640, 300)) is None
    assert sized("50%", None, (640, 300)) is None


def test_a_post_read_earlier_is_read_again_when_its_pictures_changed(content: Path) -> None:
    found = locate("images/desk.png", "x.md", "reflections", content, INDICATOR)
    assert found is not None
    assert not is_stale((found.picture,), content)
    assert is_stale((Picture("images/chair.png", None),), content)  # missing then: look again
    # Dated anew (a fresh checkout), the same picture: nothing on the page changes.
    os.utime(content / "images" / "desk.png", ns=(1, 1))
    assert not is_stale((found.picture,), content)
    # Drawn again at another size: the post's width and height change.
    draw(content / "images" / "desk.png", (80, 20))
    os.utime(content / "images" / "desk.png", ns=(2, 2))
    assert is_stale((found.picture,), content)
    # Replaced by something that is no picture: read again, to report it.
    (content / "images" / "desk.png").write_bytes(b"not a picture")
    assert is_stale((found.picture,), content)


# --- Real builds ----------------------------------------------------------------------

EVERY_SPELLING = """\
Title: Pictures every way
Date: 2026-11-20 10:00
Tags: portfolio

![A written](images/desk.png)

![B rooted](/images/desk.png)

![C static]({static}/images/desk.png)

![D up](../images/desk.png)

![E remote](https://pictures.example.net/elsewhere.png)

![F half]({static}/images/desk.png){: width="20"}
"""


def img_tags(build: Build, page: str) -> dict[str, dict[str, str]]:
    return {
        img["alt"]: {k: str(v) for k, v in img.attrs.items()}
        for img in build.html(page).find("main").find_all("img")
    }


@pytest.mark.parametrize(
    ("settings", "extra", "site_url", "prefix"),
    [
        ("pelicanconf.py", {}, "http://127.0.0.1:8000", "/images/desk.png"),
        ("pelicanconf.py", {"RELATIVE_URLS": True}, "https://example.org/any/path", "../../images/desk.png"),
        (
            "publishconf.py",
            {},
            "https://shortlist.example.org/site",
            "https://shortlist.example.org/site/images/desk.png",
        ),
    ],
    ids=["development", "relative", "publish-under-a-path"],
)
def test_every_spelling_is_shown_at_the_pictures_address(
    content_copy: Path, tmp_path: Path, settings: str, extra: dict, site_url: str, prefix: str
) -> None:
    draw(content_copy / "images" / "desk.png", (40, 20))
    (content_copy / "reflections" / "pictures-every-way.md").write_text(EVERY_SPELLING, encoding="utf-8")
    build = run_pelican(tmp_path / "output", settings, content_copy, extra_settings=extra)
    assert build.returncode == 0, build.log
    assert "no such file" not in build.log, build.log
    shown = img_tags(build, "reflections/pictures-every-way/index.html")
    for alt in ("A written", "B rooted", "C static", "D up"):
        assert shown[alt]["src"] == prefix, alt
        assert (shown[alt]["width"], shown[alt]["height"]) == ("40", "20"), alt
    assert shown["F half"]["src"] == prefix and (shown["F half"]["width"], shown["F half"]["height"]) == (
        "20",
        "10",
    )
    assert shown["E remote"] == {"alt": "E remote", "src": "https://pictures.example.net/elsewhere.png"}
    assert (build.output / "images" / "desk.png").is_file()
    broken, _ = check_output(build.output, site_url)
    assert broken == []


def test_the_sample_post_shows_its_picture_with_alt_text_and_size(dev_site: Build) -> None:
    page = "reflections/rebuilding-my-portfolio-around-decisions/index.html"
    (picture,) = dev_site.html(page).find("main").find_all("img")
    assert picture["src"] == "/" + SAMPLE_PICTURE
    assert picture["alt"].startswith("A sketch of the new portfolio")
    assert (picture["width"], picture["height"]) == ("640", "300")
    assert (dev_site.output / SAMPLE_PICTURE).is_file()


MISSING = """\
Title: The chair I wrote about
Date: 2026-11-21 10:00

![My chair](images/chair.png)
"""


def test_a_missing_picture_warns_in_development_and_fails_publish(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "advice" / "chair.md").write_text(MISSING, encoding="utf-8")
    expected = (
        f"{content_copy / 'advice' / 'chair.md'}: image 'images/chair.png': "
        f"no such file in {content_copy / 'images'}/"
    )
    dev = run_pelican(tmp_path / "dev", "pelicanconf.py", content_copy)
    assert dev.returncode == 0, dev.log
    assert expected in dev.log
    assert (dev.output / "advice" / "the-chair-i-wrote-about" / "index.html").is_file()
    published = run_pelican(tmp_path / "publish", "publishconf.py", content_copy)
    assert published.returncode != 0
    assert "image 'images/chair.png': no such file in" in published.log
    assert "The build failed" in published.log


# Two builds in one process with Pelican's generator-level content cache, as the
# devserver runs them: a post read while its picture was missing, or before the
# picture changed, is read again.
CACHED_BUILDS = """\
import json, sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings
from PIL import Image

content, output, cache = map(Path, sys.argv[1:4])
def build():
    settings = read_settings("pelicanconf.py", override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache),
        "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "generator",
        "SHORTLIST_WRITE_WORKERS": 1,
    })
    Pelican(settings).run()
    page = (output / "advice" / "the-chair-i-wrote-about" / "index.html").read_text()
    return page[page.index("<img"):].split(">", 1)[0]
first = build()
Image.new("RGB", (30, 60)).save(content / "images" / "chair.png")
second = build()
Image.new("RGB", (90, 60)).save(content / "images" / "chair.png")
third = build()
print(json.dumps([first, second, third]))
"""


def test_the_devservers_cache_never_keeps_a_post_with_an_old_picture(
    content_copy: Path, tmp_path: Path
) -> None:
    (content_copy / "advice" / "chair.md").write_text(MISSING, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CACHED_BUILDS,
            str(content_copy),
            str(tmp_path / "out"),
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "COLUMNS": "400"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    first, second, third = json.loads(done.stdout.strip().splitlines()[-1])
    assert 'src="images/chair.png"' in first and "width" not in first
    assert 'src="/images/chair.png"' in second and 'width="30"' in second and 'height="60"' in second
    assert 'width="90"' in third


def test_the_readme_says_where_pictures_go_and_how_to_write_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Pictures\n", 1)[1].split("\n#", 1)[0]
    for words in ("content/images/", "![", "alt text", "width", "make publish"):
        assert words in section, words
