#!/usr/bin/env python3
# tests/golden/mkcsv.py - writes the csv-* golden cases (SPEC section 11) byte for byte
# from valid/: CRLF, BOMs, Windows-1252 and UTF-16 bytes.  expect.pos is written by hand
# here; expect.txt and expect.json then come from UPDATE=1 sh tests/run.sh (reviewed).
import os, shutil, sys
G=os.path.dirname(os.path.abspath(__file__))
def case(name, files, pos, exit_=1, remove=()):
    d=os.path.join(G,name)
    if os.path.exists(d): shutil.rmtree(d)
    shutil.copytree(os.path.join(G,'valid'), d)
    for f in ('expect.txt','expect.json'): os.remove(os.path.join(d,f))
    for r in remove: os.remove(os.path.join(d,r))
    for path, data in files.items():
        full=os.path.join(d,path)
        if isinstance(data,str): data=data.encode()
        if path=='pack.yml+':
            with open(os.path.join(d,'pack.yml'),'ab') as f: f.write(data)
            continue
        os.makedirs(os.path.dirname(full), exist_ok=True)
        open(full,'wb').write(data)
    open(os.path.join(d,'expect.pos'),'w').write(''.join(p+'\n' for p in pos))
    open(os.path.join(d,'expect.exit'),'w').write('%d\n'%exit_)
M='progress/measurements.csv'
H='objective;measure;date;value;note\r\n'
# 1. the misreads of a ';' file: thousands ambiguity (both separators, negative), decimal comma fine
case('csv-ambiguous', {M: H+'OBJ-001;M1;2026-09-30;8,5;\r\nOBJ-001;M1;2026-10-31;1.420;\r\nOBJ-001;M1;2026-11-01;1,420;\r\nOBJ-001;M1;2026-11-02;-12.500;\r\nOBJ-001;M1;2026-11-03;0,500;\r\nOBJ-001;M1;2026-11-04;1234.500;\r\nOBJ-001;M1;2026-11-20;4,5;\r\n'},
     [M+':3:23: error [P-VALUE]', M+':4:23: error [P-VALUE]', M+':5:23: error [P-VALUE]'])
# 2. grouped digits without csv.thousands; a separator that is not the declared decimal mark
case('csv-grouped', {M: H+'OBJ-001;M1;2026-09-30;1.420,5;\r\nOBJ-001;M1;2026-10-31;1.420.000;\r\nOBJ-001;M1;2026-11-20;4;\r\n'},
     [M+':2:23: error [P-VALUE]', M+':3:23: error [P-VALUE]'])
case('csv-decimal-set', {'pack.yml+': 'csv:\n  decimal: ","\n', M: H+'OBJ-001;M1;2026-09-30;1.420;\r\nOBJ-001;M1;2026-10-31;1,420;\r\nOBJ-001;M1;2026-11-20;4;\r\n'},
     [M+':2:23: error [P-VALUE]'])
case('csv-thousands-set', {'pack.yml+': 'csv:\n  thousands: "."\n', M: H+'OBJ-001;M1;2026-09-30;1.420;\r\nOBJ-001;M1;2026-10-31;1.42;\r\nOBJ-001;M1;2026-11-01;2,5.000;\r\nOBJ-001;M1;2026-11-02;1234.567;\r\nOBJ-001;M1;2026-11-20;4;\r\n'},
     [M+':3:23: error [P-VALUE]', M+':4:23: error [P-VALUE]', M+':5:23: error [P-VALUE]'])
# 3. field counts in a ',' file
C='objective,measure,date,value\n'
case('csv-extra-field', {M: C+'OBJ-001,M1,2026-09-30,14\nOBJ-001,M1,2026-10-14,4,5\nOBJ-001,M1,2026-10-31,"4,5"\nOBJ-001,M1,2026-11-20,4,\nOBJ-001,M1,2026-11-21\n'},
     [M+':3:25: error [P-VALUE]', M+':4:23: error [P-VALUE]', M+':6:1: error [P-VALUE]'])
case('csv-split-note', {M: 'objective,measure,date,value,note\nOBJ-001,M1,2026-09-30,14,\nOBJ-001,M1,2026-10-31,11,2\nOBJ-001,M1,2026-11-20,4,"2"\n'},
     [M+':3:26: error [P-VALUE]'])
# 4. percent only for percent units; action percent
case('csv-percent', {M: 'objective,measure,date,value\nOBJ-001,M1,2026-09-30,14\nOBJ-001,M1,2026-10-31,4 %\nOBJ-001,M1,2026-11-19,4%\nOBJ-001,M1,2026-11-20,4\n',
     'progress/actions.csv': 'objective,action,date,status,percent,note\nOBJ-001,A1,2026-03-28,done,100 %,Scope agreed\nOBJ-001,A2,2026-11-15,in-progress,80%,\n'},
     [M+':3:23: error [P-VALUE]', M+':4:23: error [P-VALUE]'])
# 5. dates
case('csv-date-hint', {M: H+'OBJ-001;M1;31.08.2026;9;\r\nOBJ-001;M1;31/10/2026;9;\r\nOBJ-001;M1;2026-11-20;4;\r\n'},
     [M+':2:12: error [P-VALUE]', M+':3:12: error [P-VALUE]'])
case('csv-date-set', {'pack.yml+': 'csv:\n  date: DD.MM.YYYY\n', M: H+'OBJ-001;M1;30.09.2026;14;\r\nOBJ-001;M1;31.02.2026;9;\r\nOBJ-001;M1;1.10.2026;9;\r\nOBJ-001;M1;2026-11-20;4;\r\n'},
     [M+':3:12: error [P-VALUE]', M+':4:12: error [P-VALUE]'])
# 6. encodings: a Windows-1252 file read as UTF-8, its knock-on after it
case('csv-windows-1252-unset', {M: (H+'OBJ-001;M1;2026-09-30;14;Pr\u00fcfung\r\n').encode('cp1252')},
     [M+':2:28: error [E-UTF8]', 'objectives/obj-001.md:12:5: warning [6.2d]'])
case('csv-utf8-as-1252', {'pack.yml+': 'csv:\n  encoding: windows-1252\n', M: (H+'OBJ-001;M1;2026-09-30;14;Pr\u00fcfung\r\n').encode('utf-8')},
     [M+':2:28: error [E-UTF8]', 'objectives/obj-001.md:12:5: warning [6.2d]'])
case('csv-1252-undefined', {'pack.yml+': 'csv:\n  encoding: windows-1252\n', M: (H).encode()+b'OBJ-001;M1;2026-09-30;14;\xe9t\xe9 \x81\r\n'},
     [M+':2:30: error [E-UTF8]', 'objectives/obj-001.md:12:5: warning [6.2d]'])
case('csv-utf16-broken', {M: 'objective\tmeasure\tdate\tvalue\r\nOBJ-001\tM1\t2026-11-20\t4\r\n'.encode('utf-16-le').join([b'\xff\xfe', b'']) + b'\x00\xd8A\x00'},
     [M+':3:1: error [E-UTF8]', 'objectives/obj-001.md:12:5: warning [6.2d]'])
# 7. knock-on: registers absent or not used
case('csv-no-risks', {}, ['objectives/obj-001.md:10:9: error [6.2c]'], remove=('risks.csv',))
case('csv-risks-unused', {'risks.csv': 'id,title,level,treatment\nR-012,Misuse,high,modify,"\n'},
     ['risks.csv:2:26: error [E-CSV]', 'objectives/obj-001.md:10:9: error [6.2c]'])
# 8. config errors
case('csv-config-errors', {'pack.yml+': 'language: es\ncsv:\n  encoding: ebcdic\n  decimal: ";"\n  thousands: "_"\n  date: D.M.YYYY\n  quote: "\'"\nvocabulary:\n  treatment: {"Accept with monitoring": tolerate}\n  colour: {rot: red}\nrisk_levels: {high: 10, medium: 12, extreme: 30}\n'},
     ['pack.yml:11:11: error [E-FIELD]', 'pack.yml:13:13: error [E-FIELD]', 'pack.yml:14:12: error [E-FIELD]', 'pack.yml:15:14: error [E-FIELD]', 'pack.yml:16:9: error [E-FIELD]', 'pack.yml:17:3: warning [W-KEY]', 'pack.yml:19:41: error [E-FIELD]', 'pack.yml:20:3: error [E-FIELD]', 'pack.yml:21:21: error [E-FIELD]', 'pack.yml:21:37: error [E-FIELD]'])
# 9. risk scores, the pack language's words, vocabulary:
import re
obj=open(os.path.join(G,'valid','objectives','obj-001.md')).read()
obj=obj.replace('status: active','status: aktiv').replace('direction: decrease','direction: fallend').replace('frequency: monthly','frequency: monatlich').replace('risks: [R-012]','risks: [R-012, R-019]')
case('csv-vocabulary-de', {'pack.yml+': 'language: de\nvocabulary:\n  treatment: {"Accept with monitoring": retain}\n  status: {"In treatment": open, "Erledigt (geprüft)": done}\n',
  'objectives/obj-001.md': obj,
  'risks.csv': ('\ufeffID;Title;Level;Likelihood;Impact;Treatment;Owner;Status\r\n'
     'R-012;Misuse of unjustified privileged accounts;;4;4;Mindern;CISO;offen\r\n'
     'R-019;Credential theft;;2;3;accept with monitoring;IAM lead;In Treatment\r\n'
     'R-027;Loss of a laptop;;0;3;akzeptieren;IT;geschlossen\r\n'
     'R-033;Outage of payroll;;5;;vermeiden;;\r\n'
     'R-040;Ransomware;hoch;5;5;Übertragen;;\r\n'
     'R-041;Insider;sehr hoch;;;tragen;;OFFEN\r\n'
     'R-042;Supplier;Kritisch;;;reduzieren;;zu\r\n'),
  'progress/actions.csv': 'objective,action,date,status,percent,note\nOBJ-001,A1,2026-03-28,erledigt (GEPRÜFT),100,\nOBJ-001,A2,2026-11-15,in Arbeit,80,\n'},
  ['risks.csv:4:25: error [E-FIELD]', 'risks.csv:5:28: error [E-FIELD]', 'risks.csv:6:18: error [E-FIELD]', 'risks.csv:8:1: warning [6.2c-coverage]', 'risks.csv:8:39: error [E-FIELD]'])
# 10. E-CSV at the offending character (line:column in characters), not at column 1
def syntax_cases():
    A='progress/archive-a.csv'; B='progress/archive-b.csv'; Q='progress/archive-c.csv'
    case('csv-syntax-column', {
      A: H+'OBJ-001;M1;2026-09-01;14;Prüfung "Q3"\r\n',
      B: 'objective,measure,date,value,note\nOBJ-001,M1,2026-09-02,14,"two\nlines" and more\n',
      Q: 'objective\tmeasure\tdate\tvalue\tnote\nOBJ-001\tM1\t2026-09-03\t14\t  "say ""hi"" \n'},
      [A+':2:34: error [E-CSV]', B+':3:8: error [E-CSV]', Q+':2:28: error [E-CSV]'])
syntax_cases()
