#!/bin/sh
# Install the Debian packages appeal needs: GNU gettext (msgfmt, msgmerge),
# po4a (for the benchmark), Apertium with its language pairs and apertium-apy,
# Python with venv, the libraries WeasyPrint lays out PDFs with (Pango,
# HarfBuzz), fontconfig (appeal asks it which scripts the fonts cover), fonts
# covering Latin, Cyrillic, Greek, Arabic, Hebrew, the Indic scripts and most
# others (DejaVu, Noto core), and for the tests Chromium (pages checked in a
# real browser) and poppler-utils (pdftotext).
#
# Fonts follow the workspace: when the current directory holds an appeal.toml,
# the scripts of its source language and of its `languages` get a font too
# (Chinese, Japanese and Korean need fonts-noto-cjk).
#
# Packages already installed are left alone: when all of them are present,
# apt is not run at all and nothing is printed.
#
# Run as root on Debian or Ubuntu:  sh scripts/setup-system.sh
# (`make system` runs it for you.)  With --check it only lists what is missing
# (exit status 1 when something is), installing nothing.
set -eu

CHECK_ONLY=false
case "${1:-}" in
    --check) CHECK_ONLY=true ;;
    "") ;;
    *) echo "usage: sh scripts/setup-system.sh [--check]" >&2; exit 2 ;;
esac

PACKAGES="make python3 python3-venv gettext po4a apertium apertium-apy
apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en
apertium-es-pt apertium-spa-ita apertium-fr-es
libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
fonts-dejavu-core fonts-noto-core
chromium poppler-utils"

# The language codes appeal.toml names: source_language and every entry of
# `languages = [...]` (which may run over several lines), in its [appeal] table.
configured_languages() {
    [ -f appeal.toml ] || return 0
    awk '
        { line = $0; sub(/#.*/, "", line) }
        line ~ /^[ \t]*\[/ {
            table = line; gsub(/[ \t]/, "", table); listing = 0; next
        }
        table != "[appeal]" { next }
        line ~ /^[ \t]*source_language[ \t]*=/ { print line; next }
        line ~ /^[ \t]*languages[ \t]*=/ { listing = 1 }
        listing { print line; if (line ~ /\]/) listing = 0 }
    ' appeal.toml | sed -e 's/^[^=]*=//' -e "s/[][,\"']/ /g" | tr -s ' \t' '\n\n' |
        grep -v '^$' || true
}

# The Debian font package for one language code, when fonts-noto-core (always
# installed) does not cover its script.
font_package() {
    lang=$(printf '%s' "$1" | tr 'A-Z_' 'a-z-')
    case "$lang" in
        zh|zh-*|yue|yue-*|ja|ja-*|ko|ko-*|lzh|lzh-*|wuu|wuu-*|hak|hak-*|nan|nan-*|gan|gan-*|hsn|hsn-*|cmn|cmn-*)
            echo fonts-noto-cjk ;;
        *-hans|*-hans-*|*-hant|*-hant-*|*-jpan|*-jpan-*|*-kore|*-kore-*)
            echo fonts-noto-cjk ;;
    esac
}

FONTS=""
for code in $(configured_languages); do
    package=$(font_package "$code")
    [ -n "$package" ] || continue
    case " $FONTS " in
        *" $package "*) ;;
        *) FONTS="$FONTS $package" ;;
    esac
done

if ! command -v dpkg >/dev/null 2>&1; then
    echo "Not a Debian system: install GNU gettext, po4a, Apertium, Pango, fontconfig," >&2
    echo "fonts for your languages' scripts, Chromium and poppler-utils yourself." >&2
    exit 0
fi

missing=""
for package in $PACKAGES $FONTS; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed$'; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "System packages missing:$missing"
if [ "$CHECK_ONLY" = true ]; then
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Run this as root to install them:  sh scripts/setup-system.sh" >&2
    echo "or install them yourself:  apt-get install$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086  # word splitting of the package list is intended
apt-get install -y --no-install-recommends $missing
