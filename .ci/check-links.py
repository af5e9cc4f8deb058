#!/usr/bin/env python3
"""Checks the relative links and images of the project's Markdown: README.md, docs/*.md and every other tracked
*.md outside .build. A link's file must exist; a link's #anchor must name a heading of its target (GitHub's
slugs). External links (http, https, mailto) are not fetched. Links inside fenced code blocks and inline code are
ignored. Exit status 1 and one line per broken link when any is broken.

Usage: .ci/check-links.py [FILE.md ...]      (default: every Markdown file of the repository)"""
import os
import re
import subprocess
import sys
import unicodedata

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r'(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')


def prose_lines(text):
    """The lines outside fenced code blocks: number, the line, the line without inline code."""
    fence = None
    for number, line in enumerate(text.split('\n'), 1):
        stripped = line.lstrip()
        m = re.match(r'(`{3,}|~{3,})', stripped)
        if m:
            if fence is None:
                fence = m.group(1)
                continue
            if stripped.startswith(fence):
                fence = None
                continue
        if fence is None:
            yield number, line, re.sub(r'`+[^`]*`+', '', line)


def slug(heading):
    text = re.sub(r'`', '', heading)
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text)  # a link in a heading counts by its text
    text = text.strip().lower()
    kept = ''.join(c for c in text if c in ' -_' or unicodedata.category(c)[0] in 'LNM')
    return kept.replace(' ', '-')


anchors_cache = {}


def anchors(path):
    if path not in anchors_cache:
        seen, result = {}, set()
        for _, line, _ in prose_lines(open(path, encoding='utf-8').read()):
            m = HEADING.match(line)
            if m:
                s = slug(m.group(2))
                n = seen.get(s, 0)
                seen[s] = n + 1
                result.add(s if n == 0 else f'{s}-{n}')
        anchors_cache[path] = result
    return anchors_cache[path]


def markdown_files():
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
                             capture_output=True, text=True, check=True).stdout.split()
        return [os.path.join(root, f) for f in out if os.path.exists(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        return [os.path.join(d, f) for d, _, fs in os.walk(root) if '/.' not in d for f in fs if f.endswith('.md')]


def main(argv):
    if any(a in ('-h', '--help') for a in argv[1:]):
        print(__doc__)
        return 0
    files = [os.path.abspath(a) for a in argv[1:]] or markdown_files()
    broken = checked = 0
    for path in sorted(files):
        text = open(path, encoding='utf-8').read()
        for number, _, line in prose_lines(text):
            for m in LINK.finditer(line):
                image, target = m.group(1), m.group(3)
                if re.match(r'[a-z][a-z0-9+.-]*:', target, re.I):
                    continue  # http:, https:, mailto:
                checked += 1
                where = os.path.relpath(path, root) + f':{number}'
                file_part, _, anchor = target.partition('#')
                dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
                if file_part.startswith('/'):
                    print(f'{where}: {"image" if image else "link"} {target}: an absolute path (use a relative one)')
                    broken += 1
                elif not os.path.exists(dest):
                    print(f'{where}: {"image" if image else "link"} {target}: {os.path.relpath(dest, root)} does not exist')
                    broken += 1
                elif anchor:
                    if os.path.isdir(dest) or not dest.endswith('.md'):
                        print(f'{where}: link {target}: an anchor into something that is not a Markdown file')
                        broken += 1
                    elif anchor not in anchors(dest):
                        print(f'{where}: link {target}: no heading #{anchor} in {os.path.relpath(dest, root)}')
                        broken += 1
    print(f'{len(files)} Markdown files, {checked} relative links and images checked, {broken} broken')
    return 1 if broken else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
