#!/usr/bin/env python3
# tests/unit/mkformats.py - writes tests/fuzz/corpus/xlsx/formats.xlsx and attrs.xlsx,
# which test_xlsx (test_import.c) reads: number formats whose sections hide, replace,
# scale or condition a value; values hidden under merged ranges; 70 hidden columns;
# and an element with 100 attributes.  Fixed ZIP timestamps: the same bytes each time.
#
#   /usr/bin/python3 tests/unit/mkformats.py
import os, zipfile

B = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz', 'corpus', 'xlsx')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
FMTS = ['#,##0,', ';;;', '0.00;-0.00%', '[<1]0%;0', '0;0;"n/a"', '#,###', '0.0,,"M"', '#,##0.00',
        '0;-0;0;"x"', '[Red]0.0;[Blue]-0.0', '0%;-0%;"-"']
# Negative sections that show no sign of their own, and those that do; then
# German accounting formats (their zero a dash beside a currency, or the
# currency's width).
SIGNS = ['0;0', '0;[Red]0', '#,##0;(#,##0)', '0;\\-0',
         '_-* #,##0.00\\ "\u20ac"_-;\\-* #,##0.00\\ "\u20ac"_-;_-* "-"??\\ "\u20ac"_-;_-@_-',
         '_-* #,##0.00\\ _\u20ac_-;\\-* #,##0.00\\ _\u20ac_-;_-* "-"??\\ _\u20ac_-;_-@_-']
XF = ([0] + [164 + i for i in range(len(FMTS))] + [41] +   # style k+1 is FMTS[k]; style 12 is built-in 41
      [164 + len(FMTS) + i for i in range(len(SIGNS))] +    # style 13 + k is SIGNS[k]
      [42])                                                 # style 19 is built-in 42


def esc(s):
    return s.replace('&', '&amp;').replace('"', '&quot;').replace('<', '&lt;')


def write(name, sheet_xml, strings):
    styles = ('<styleSheet %s><numFmts count="%d">%s</numFmts><cellXfs count="%d">%s</cellXfs></styleSheet>'
              % (NS, len(FMTS + SIGNS), ''.join('<numFmt numFmtId="%d" formatCode="%s"/>' % (164 + i, esc(f))
                                               for i, f in enumerate(FMTS + SIGNS)),
                 len(XF), ''.join('<xf numFmtId="%d" applyNumberFormat="1"/>' % x for x in XF)))
    parts = [
        ('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ('xl/workbook.xml', '<workbook %s xmlns:r="%s"><sheets><sheet name="Formats" sheetId="1" r:id="rId1"/>'
         '</sheets></workbook>' % (NS, REL[:-1])),
        ('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
         '<Relationship Id="rId2" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
         '<Relationship Id="rId3" Type="%sstyles" Target="styles.xml"/></Relationships>' % (REL, REL, REL)),
        ('xl/styles.xml', styles),
        ('xl/sharedStrings.xml', '<sst %s>%s</sst>' % (NS, ''.join('<si><t>%s</t></si>' % t for t in strings))),
        ('xl/worksheets/sheet1.xml', sheet_xml),
    ]
    with zipfile.ZipFile(os.path.join(B, name), 'w') as z:
        for part, text in parts:
            info = zipfile.ZipInfo(part, date_time=(2026, 11, 27, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode())


def n(ref, v, s):
    return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, s, v)


def t(ref, i, s=0):
    return '<c r="%s" t="s" s="%d"><v>%d</v></c>' % (ref, s, i)


# Row 1, style by column: A 1900000 #,##0, | B 3 ;;; | C -0.05 0.00;-0.00% | D 0.05 the same |
# E 2 [<1]0%;0 | F 0 0;0;"n/a" | G 5 the same | H 0 #,### | I 7 the same | J 2500000 0.0,,"M" |
# K 1234.5 #,##0.00 | L text 'abc' 0;-0;0;"x" | M -2 [Red]0.0;[Blue]-0.0 | N 0 built-in 41 |
# O 0 0%;-0%;"-" | P 0.5 the same.
row1 = [n('A1', 1900000, 1), n('B1', 3, 2), n('C1', -0.05, 3), n('D1', 0.05, 3), n('E1', 2, 4), n('F1', 0, 5),
        n('G1', 5, 5), n('H1', 0, 6), n('I1', 7, 6), n('J1', 2500000, 7), n('K1', 1234.5, 8), t('L1', 0, 9),
        n('M1', -2, 10), n('N1', 0, 12), n('O1', 0, 11), n('P1', 0.5, 11)]
# Rows 2-3: A2:B3 merged, A2 'top', B2 'hidden' and B3 5 under it; C2:C3 merged, C2 alone.
# Row 4: text 'abc' in ;;; (its text section is empty).  CK5 (column 89) in a hidden column:
# columns T to CK (20 to 89) hidden, each by a <col> of its own.
rows = ['<row r="1">%s</row>' % ''.join(row1),
        '<row r="2">%s%s%s</row>' % (t('A2', 1), t('B2', 2), t('C2', 1)),
        '<row r="3">%s</row>' % n('B3', 5, 0),
        '<row r="4">%s</row>' % t('A4', 0, 2),
        '<row r="5">%s</row>' % n('CK5', 1, 0),
        # Row 6: -5 in '0;0' (shown as 5), -5 in '0;[Red]0', '#,##0;(#,##0)' and '0;\-0', 5 in '0;0'.
        '<row r="6">%s</row>' % ''.join([n('A6', -5, 13), n('B6', -5, 14), n('C6', -5, 15), n('D6', -5, 16),
                                         n('E6', 5, 13)]),
        # Row 7: 0 in the two accounting formats and in built-in 42; -1234.5 in the first.
        '<row r="7">%s</row>' % ''.join([n('A7', 0, 17), n('B7', 0, 18), n('C7', 0, 19), n('D7', -1234.5, 17)])]
cols = ''.join('<col min="%d" max="%d" width="0" hidden="1"/>' % (k, k) for k in range(20, 90))
write('formats.xlsx', '<worksheet %s><cols>%s</cols><sheetData>%s</sheetData><mergeCells count="2">'
      '<mergeCell ref="A2:B3"/><mergeCell ref="C2:C3"/></mergeCells></worksheet>' % (NS, cols, ''.join(rows)),
      ['abc', 'top', 'hidden'])
# An element with 100 attributes (more than the 64 objreg reads).
write('attrs.xlsx', '<worksheet %s><sheetData><row r="1"><c r="A1" %s><v>1</v></c></row></sheetData></worksheet>'
      % (NS, ' '.join('a%d="1"' % k for k in range(100))), [])
