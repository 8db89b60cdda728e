#!/usr/bin/env python3
# tests/bad/mkxlsx.py - writes the xlsx-* cases (progress workbooks, SPEC section 14;
# docs/format.md section 8 "Progress workbooks" and section 15) from tests/golden/valid/,
# each with a workbook progress/q3.xlsx beside the valid pack's CSVs.  The workbooks are
# written part by part as Excel writes them (shared strings, a date format in styles.xml),
# with fixed ZIP timestamps, so the same script writes the same bytes.  expect.pos is
# written by hand here; expect.txt and expect.json then come from
# UPDATE=1 sh tests/run.sh (reviewed).
#
#   /usr/bin/python3 tests/bad/mkxlsx.py
import datetime, os, shutil, zipfile

B = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(B, '..', 'golden', 'valid')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
STYLES = ('<styleSheet %s><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
          '</cellXfs></styleSheet>' % NS)


def styles(codes):
    """styles.xml: style 1 a date, style 2 + k the custom number format codes[k]."""
    if not codes:
        return STYLES
    esc = lambda c: c.replace('&', '&amp;').replace('"', '&quot;').replace('<', '&lt;')
    return ('<styleSheet %s><numFmts count="%d">%s</numFmts><cellXfs count="%d"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/>%s</cellXfs></styleSheet>'
            % (NS, len(codes), ''.join('<numFmt numFmtId="%d" formatCode="%s"/>' % (164 + k, esc(c))
                                       for k, c in enumerate(codes)), 2 + len(codes),
               ''.join('<xf numFmtId="%d" applyNumberFormat="1"/>' % (164 + k) for k in range(len(codes)))))


def col_name(c):
    s = ''
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


class Raw:
    """A cell written as given: its attributes after r (' t="e"'), and what it holds."""
    def __init__(self, attrs, inner):
        self.attrs, self.inner = attrs, inner


def workbook(path, sheet, rows, merges=()):
    """rows: {row: [value, ...]} from column A; None is no cell, str a shared string,
    datetime.date a date cell (serial, numFmtId 14), int/float a number, (number,
    code) a number with the custom number format code, Raw a cell as given (style 1:
    the date format); merges: ranges such as 'D2:D3'."""
    strings, index, xml, codes = [], {}, [], []
    for r in sorted(rows):
        cells = []
        for i, v in enumerate(rows[r]):
            ref = '%s%d' % (col_name(i + 1), r)
            if v is None:
                continue
            if isinstance(v, str):
                if v not in index:
                    index[v] = len(strings)
                    strings.append(v)
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[v]))
            elif isinstance(v, Raw):
                cells.append('<c r="%s"%s>%s</c>' % (ref, v.attrs, v.inner))
            elif isinstance(v, tuple):
                if v[1] not in codes:
                    codes.append(v[1])
                cells.append('<c r="%s" s="%d"><v>%s</v></c>' % (ref, 2 + codes.index(v[1]), v[0]))
            elif isinstance(v, datetime.date):
                cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, (v - datetime.date(1899, 12, 30)).days))
            else:
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, v))
        xml.append('<row r="%d">%s</row>' % (r, ''.join(cells)))
    parts = [
        ('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ('xl/workbook.xml', '<workbook %s xmlns:r="%s"><sheets><sheet name="%s" sheetId="1" r:id="rId1"/>'
         '</sheets></workbook>' % (NS, REL[:-1], sheet)),
        ('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
         '<Relationship Id="rId2" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
         '<Relationship Id="rId3" Type="%sstyles" Target="styles.xml"/></Relationships>' % (REL, REL, REL)),
        ('xl/styles.xml', styles(codes)),
        ('xl/sharedStrings.xml', '<sst %s>%s</sst>' % (NS, ''.join('<si><t>%s</t></si>' % t for t in strings))),
        ('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData>%s</sheetData>%s</worksheet>'
         % (NS, ''.join(xml), '<mergeCells>%s</mergeCells>' % ''.join('<mergeCell ref="%s"/>' % m for m in merges)
            if merges else '')),
    ]
    with zipfile.ZipFile(path, 'w') as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 27, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode())


def case(name, sheet, rows, pos, merges=()):
    d = os.path.join(B, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    shutil.copytree(VALID, d)
    for f in ('expect.txt', 'expect.json'):
        os.remove(os.path.join(d, f))
    workbook(os.path.join(d, 'progress', 'q3.xlsx'), sheet, rows, merges)
    open(os.path.join(d, 'expect.pos'), 'w').write(''.join('progress/q3.xlsx:%s\n' % p for p in pos))
    open(os.path.join(d, 'expect.exit'), 'w').write('1\n')


D = datetime.date
H = ['objective', 'measure', 'date', 'value', 'note']
# Text where a value, a date where a date is needed: row 3's value 'n/a' is a text cell
# (D3); row 4's date '31.10.2026' is a date stored as text (C4); row 5 has no value (D5
# empty, a note in E5): at D5, not at the date cell before it.  Row 2 is a good row.
case('xlsx-text-value', 'Measurements', {
    1: H,
    2: ['OBJ-001', 'M1', D(2026, 10, 15), 11, 'from the workbook'],
    3: ['OBJ-001', 'M1', D(2026, 10, 20), 'n/a', 'not measured'],
    4: ['OBJ-001', 'M1', '31.10.2026', 9],
    5: ['OBJ-001', 'M1', D(2026, 11, 5), None, 'value forgotten'],
}, ['3:4: error [P-VALUE]', '4:3: error [P-VALUE]', '5:4: error [P-VALUE]'])
# Bad references, with the objective in column B (a note in A): an unknown objective at
# B3, an unknown measure at C4, no objective at all at B5 (A5 and B5 empty: the finding
# is at B5 of row 5, not at the row before).
case('xlsx-bad-ref', 'Measurements', {
    1: ['note', 'objective', 'measure', 'date', 'value'],
    2: ['fine', 'OBJ-001', 'M1', D(2026, 10, 15), 11],
    3: ['typo', 'OBJ-01', 'M1', D(2026, 10, 20), 10],
    4: [None, 'OBJ-001', 'M9', D(2026, 10, 25), 10],
    5: [None, None, 'M1', D(2026, 10, 30), 10],
}, ['3:2: error [P-REF]', '4:3: error [P-REF]', '5:2: error [P-REF]'])
# A control character in a cell: Excel writes U+0001 as _x0001_ in the shared string,
# used by E3: E-UTF8 (as the same character in a CSV), at E3; the workbook is not used.
case('xlsx-control-char', 'Measurements', {
    1: H,
    2: ['OBJ-001', 'M1', D(2026, 10, 15), 11, 'fine'],
    3: ['OBJ-001', 'M1', D(2026, 10, 20), 10, 'bell_x0001_here'],
}, ['3:5: error [E-UTF8]'])
# Cells that show something other than their value: 1900000 formatted '#,##0,' shows
# 1,900 (D3); ';;;' shows nothing (D4); '[<1]0%;0' has a condition (D5); under the merged
# range D6:D7 the hidden value D7 (D6's 12 is read); a value in a column the reader does
# not read (F2, ';;;') is no finding.  Each row with such a cell is not used: P-VALUE at
# the cell.  Rows 2 and 6 are good rows; D8's -0.5 in '0;-0.0' is read -0.5 (good).
case('xlsx-shown-value', 'Measurements', {
    1: H + ['helper'],
    2: ['OBJ-001', 'M1', D(2026, 10, 15), 11, 'fine', (7, ';;;')],
    3: ['OBJ-001', 'M1', D(2026, 10, 20), (1900000, '#,##0,'), 'thousands'],
    4: ['OBJ-001', 'M1', D(2026, 10, 21), (3, ';;;'), 'hidden'],
    5: ['OBJ-001', 'M1', D(2026, 10, 22), (2, '[<1]0%;0'), 'condition'],
    6: ['OBJ-001', 'M1', D(2026, 10, 23), 12, 'merged'],
    7: ['OBJ-001', 'M1', D(2026, 10, 24), 2, 'under the merge'],
    8: ['OBJ-001', 'M1', D(2026, 10, 25), (-0.5, '0;-0.0'), 'negative'],
}, ['3:4: error [P-VALUE]', '4:4: error [P-VALUE]', '5:4: error [P-VALUE]', '7:4: error [P-VALUE]'],
    merges=['D6:D7'])
# Cells whose value cannot be read, each refused saying what it holds: an error (#DIV/0!,
# D3; #N/A in a date, C4); a formula whose result was never saved (D5), a shared one
# (D6, written without its text); Excel's 1900-02-29 (serial 60, C7) and day 0 (C8),
# which do not exist; a t="d" date with junk after its T (C9: the row is not used).
# Row 2 is a good row; so is row 10, a t="d" date with a time of day.
case('xlsx-cell-held', 'Measurements', {
    1: H,
    2: ['OBJ-001', 'M1', D(2026, 10, 15), 11, 'fine'],
    3: ['OBJ-001', 'M1', D(2026, 10, 20), Raw(' t="e"', '<v>#DIV/0!</v>'), 'error'],
    4: ['OBJ-001', 'M1', Raw(' t="e"', '<f>VLOOKUP(A4,X:Y,2,0)</f><v>#N/A</v>'), 10, 'error date'],
    5: ['OBJ-001', 'M1', D(2026, 10, 21), Raw('', '<f>B2*2</f>'), 'formula'],
    6: ['OBJ-001', 'M1', D(2026, 10, 22), Raw('', '<f t="shared" si="0"/>'), 'shared formula'],
    7: ['OBJ-001', 'M1', Raw(' s="1"', '<v>60</v>'), 9, 'leap-year error'],
    8: ['OBJ-001', 'M1', Raw(' s="1"', '<v>0</v>'), 9, 'day 0'],
    9: ['OBJ-001', 'M1', Raw(' t="d"', '<v>2026-10-23Tnonsense</v>'), 9, 'junk time'],
    10: ['OBJ-001', 'M1', Raw(' t="d"', '<v>2026-10-24T00:00:00Z</v>'), 8, 't="d" at midnight'],
}, ['3:4: error [P-VALUE]', '4:3: error [P-VALUE]', '5:4: error [P-VALUE]', '6:4: error [P-VALUE]',
    '7:3: error [P-VALUE]', '8:3: error [P-VALUE]', '9:3: error [P-VALUE]'])
