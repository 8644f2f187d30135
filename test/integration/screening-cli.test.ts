import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runConcord } from '../helpers/concord-command.ts';

/**
 * `concord screen` and `concord screen pairs` as an analyst runs them: files in, a CSV out, no database. A bad file
 * ends the command with a non-zero exit and a message naming its line, and leaves no output file.
 */
const concord = (args: string[]) => runConcord(args);

describe('concord screen (no database)', () => {
  let dir: string;
  const file = (name: string, content?: string): string => {
    const full = path.join(dir, name);
    if (content !== undefined) fs.writeFileSync(full, content);
    return full;
  };
  const readCsv = (name: string): Record<string, string>[] => parse(fs.readFileSync(file(name), 'utf8'), { columns: true });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-screen-'));
    file(
      'watchlist.csv',
      [
        'id,full_name,aliases,gender,date_of_birth,place_of_birth,nationality',
        'wl-1,Somchai Prasertsuk,,male,1970-05-01,Chiang Mai,TH',
        'wl-2,Liang Wenhua,梁文华,male,1966-02-11,Nanning,CN',
      ].join('\n'),
    );
    file(
      'people.csv',
      [
        'full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality,ref',
        'Somchai Prasertsuk,Somchai,,Prasertsuk,male,,,TH,P-1',
        'LIANG wenhua,,,,,,,,P-2',
        'Margaret Thompson,Margaret,,Thompson,female,1950-01-01,Leeds,GB,P-3',
      ].join('\n'),
    );
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('screens a CSV against a CSV watchlist and writes the hits with the input columns', async () => {
    const run = await concord([
      'screen',
      '--watchlist',
      file('watchlist.csv'),
      '--input',
      file('people.csv'),
      '--output',
      file('hits.csv'),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Screened 3 people against 2 watchlist entries: 2 with hits/);
    const hits = readCsv('hits.csv');
    assert.deepEqual(Object.keys(hits[0] ?? {}).slice(-5), ['ref', 'matched_id', 'matched_name', 'score', 'match']);
    assert.deepEqual(
      hits.map((hit) => [hit.ref, hit.matched_id, hit.match]),
      [
        ['P-1', 'wl-1', 'true'],
        ['P-2', 'wl-2', 'true'],
      ],
    );
    assert.match(hits[0]?.score ?? '', /^(0|1)\.\d{4}$/);
  });

  it('reads a FollowTheMoney watchlist by its extension, and takes --threshold and --limit', async () => {
    const entities = [
      { id: 'ftm-a', schema: 'Person', properties: { name: ['Somchai Prasertsuk'], birthDate: ['1970-05-01'] } },
      { id: 'ftm-b', schema: 'Person', properties: { name: ['Somchai Prasertsuk'], birthDate: ['1952'] } },
      { id: 'ftm-s', schema: 'Sanction', properties: { entity: ['ftm-a'] } },
    ];
    file('list.jsonl', entities.map((entity) => JSON.stringify(entity)).join('\n'));
    const run = await concord([
      'screen',
      '--watchlist',
      file('list.jsonl'),
      '--input',
      file('people.csv'),
      '--output',
      file('ftm.csv'),
      '--limit',
      '1',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const hits = readCsv('ftm.csv');
    assert.equal(hits.filter((hit) => hit.ref === 'P-1').length, 1, '--limit 1');
    assert.ok(['ftm-a', 'ftm-b'].includes(hits[0]?.matched_id ?? ''));
    const refused = await concord([
      'screen',
      '--watchlist',
      file('list.jsonl'),
      '--input',
      file('people.csv'),
      '--output',
      file('x.csv'),
      '--threshold',
      '2',
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /threshold/);
  });

  it('scores name pairs, copying further columns and adding score and match', async () => {
    file(
      'pairs.csv',
      'name1,name2,label\nLi Jianhua,li jianhua,1\nSomchai Prasertsuk,Prasertsuk Somchai,1\nLi Jianhua,Margaret Thompson,0\n',
    );
    const run = await concord(['screen', 'pairs', '--input', file('pairs.csv'), '--output', file('scored.csv')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Scored 3 pairs/);
    const scored = readCsv('scored.csv');
    assert.deepEqual(Object.keys(scored[0] ?? {}), ['name1', 'name2', 'label', 'score', 'match']);
    assert.deepEqual(
      scored.map((row) => [row.label, row.match]),
      [
        ['1', 'true'],
        ['1', 'true'],
        ['0', 'false'],
      ],
    );
    for (const row of scored) assert.match(row.score ?? '', /^[01]\.\d{4}$/);
    const strict = await concord(['screen', 'pairs', '--input', file('pairs.csv'), '--output', file('strict.csv'), '--threshold', '1']);
    assert.equal(strict.code, 0, strict.stderr);
    for (const row of readCsv('strict.csv')) assert.equal(row.match, String(Number(row.score) >= 1));
  });

  it('writes copied cells that a spreadsheet would take for a formula with a leading quote; scores stay numbers', async () => {
    const startsFormula = (text: string) => {
      const cells: string[][] = parse(text);
      return cells.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
    };
    file('formula-pairs.csv', 'name1,name2,note\n"=HYPERLINK(""http://x"")",Li Jianhua,@cmd\nLi Jianhua,-Li Jianhua,ok\n');
    const pairs = await concord(['screen', 'pairs', '--input', file('formula-pairs.csv'), '--output', file('formula-scored.csv')]);
    assert.equal(pairs.code, 0, pairs.stderr);
    const scored = readCsv('formula-scored.csv');
    assert.deepEqual(
      scored.map((row) => [row.name1, row.name2, row.note]),
      [
        ['\'=HYPERLINK("http://x")', 'Li Jianhua', "'@cmd"],
        ['Li Jianhua', "'-Li Jianhua", 'ok'],
      ],
    );
    for (const row of scored) assert.match(row.score ?? '', /^[01]\.\d{4}$/);
    assert.deepEqual(startsFormula(fs.readFileSync(file('formula-scored.csv'), 'utf8')), []);

    file('formula-watchlist.csv', 'id,full_name,nationality\n=wl-1,Somchai Prasertsuk,TH\n');
    file('formula-people.csv', 'full_name,nationality,ref\nSomchai Prasertsuk,TH,"=HYPERLINK(""http://x"")"\n');
    const screen = await concord([
      'screen',
      '--watchlist',
      file('formula-watchlist.csv'),
      '--input',
      file('formula-people.csv'),
      '--output',
      file('formula-hits.csv'),
    ]);
    assert.equal(screen.code, 0, screen.stderr);
    const hits = readCsv('formula-hits.csv');
    assert.deepEqual(
      hits.map((hit) => [hit.ref, hit.matched_id, hit.match]),
      [['\'=HYPERLINK("http://x")', "'=wl-1", 'true']],
    );
    assert.match(hits[0]?.score ?? '', /^[01]\.\d{4}$/);
    assert.deepEqual(startsFormula(fs.readFileSync(file('formula-hits.csv'), 'utf8')), []);
  });

  it('refuses a bad CSV with a non-zero exit naming the line, and writes no output', async () => {
    file('bad-people.csv', 'full_name,gender\nSomchai Prasertsuk,male\n,female\n');
    const screen = await concord([
      'screen',
      '--watchlist',
      file('watchlist.csv'),
      '--input',
      file('bad-people.csv'),
      '--output',
      file('none.csv'),
    ]);
    assert.notEqual(screen.code, 0);
    assert.match(screen.stderr, /line 3: full_name is empty/);
    assert.equal(fs.existsSync(file('none.csv')), false);

    file('bad-pairs.csv', 'name1,name2\nLi Jianhua,Li Jian Hua\n"Unclosed,quote\n');
    const pairs = await concord(['screen', 'pairs', '--input', file('bad-pairs.csv'), '--output', file('none-pairs.csv')]);
    assert.notEqual(pairs.code, 0);
    assert.match(pairs.stderr, /line 3/);
    assert.equal(fs.existsSync(file('none-pairs.csv')), false);

    file('no-columns.csv', 'first,second\nA,B\n');
    const missing = await concord(['screen', 'pairs', '--input', file('no-columns.csv'), '--output', file('none-2.csv')]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /line 1: the header has no name1 column/);
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.includes('none') || name.endsWith('.tmp')),
      [],
    );
  });
});
