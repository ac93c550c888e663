#!/bin/sh
# Install the Debian packages appeal needs: GNU gettext (msgfmt, msgmerge),
# po4a (for the benchmark), Apertium with its language pairs and apertium-apy,
# Python with venv, the libraries WeasyPrint lays out PDFs with (Pango,
# HarfBuzz) and fonts covering Latin, Cyrillic and Arabic, and for the tests
# Chromium (pages checked in a real browser) and poppler-utils (pdftotext).
# Packages already installed are left alone: when all of them are present,
# apt is not run at all.
#
# Run as root on Debian or Ubuntu:  sh scripts/setup-system.sh
# (`make system` runs it for you.)
set -eu

PACKAGES="make python3 python3-venv gettext po4a apertium apertium-apy
apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en
apertium-es-pt apertium-spa-ita apertium-fr-es
libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core
chromium poppler-utils"

if ! command -v dpkg >/dev/null 2>&1; then
    echo "Not a Debian system: install GNU gettext, po4a, Apertium, Pango, fonts," >&2
    echo "Chromium and poppler-utils yourself." >&2
    exit 0
fi

missing=""
for package in $PACKAGES; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed$'; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    echo "System packages: all present."
    exit 0
fi

echo "System packages missing:$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "Run this as root to install them:  sh scripts/setup-system.sh" >&2
    echo "or install them yourself:  apt-get install$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086  # word splitting of the package list is intended
apt-get install -y --no-install-recommends $missing
