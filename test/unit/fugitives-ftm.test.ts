import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONCORD_CASE,
  MAX_REPORTED_ERRORS,
  concordIdOf,
  parseFtmLines,
  personToFtm,
  type ExchangePerson,
} from '../../src/modules/fugitives/exchange/ftm.ts';

/** The FtM mapping of wanted persons, both ways, and the line-numbered refusals of a bad file. */
const NOW = new Date('2026-06-01T12:00:00Z');

const person: ExchangePerson = {
  id: '7d1f2c3a-1111-4222-8333-944455556666',
  ftmId: null,
  wantingAgency: 'NSC',
  names: ['李华波', 'Li Huabo'],
  aliases: ['Huabo Li'],
  birthDates: ['1962-03', '1962'],
  nationalities: ['CN', 'SG'],
  gender: 'male',
  identifiers: [
    { type: 'passport', number: 'E12345678', country: 'CN' },
    { type: 'national_id', number: '360000196203010000', country: null },
    { type: 'other', number: 'SG-PR-0042', country: 'SG' },
  ],
  offences: ['embezzlement', 'fraud'],
  amount: { value: '94000000.00', currency: 'CNY' },
  converted: { value: '13799200.00', currency: 'USD', rate: '0.1468', rateOn: '2011-01-28' },
  caseReferences: ['NSC-2011-017'],
  fledOn: '2011-01-28',
  fledFrom: 'CN',
};

const line = (entity: unknown): string => JSON.stringify(entity);

describe('FtM mapping of wanted persons', () => {
  it('writes a Person entity with FtM properties and the Concord fields under concord:case', () => {
    const entity = personToFtm(person);
    assert.equal(entity.id, `concord-${person.id}`);
    assert.equal(entity.schema, 'Person');
    assert.deepEqual(entity.properties.name, ['李华波', 'Li Huabo']);
    assert.deepEqual(entity.properties.nationality, ['cn', 'sg']);
    assert.deepEqual(entity.properties.passportNumber, ['E12345678']);
    assert.deepEqual(entity.properties.idNumber, ['360000196203010000']);
    assert.deepEqual(entity.properties.gender, ['male']);
    assert.deepEqual(entity.properties.topics, ['wanted', 'crime.fin', 'crime.fraud']);
    assert.equal(entity[CONCORD_CASE].wantingAgency, 'NSC');
    assert.deepEqual(entity[CONCORD_CASE].amount, { value: '94000000.00', currency: 'CNY' });
    assert.equal('notes' in entity.properties, false);
    assert.equal(personToFtm({ ...person, ftmId: 'ofac-123' }).id, 'ofac-123');
  });

  it('reads back what it writes (round trip), names in their original script', () => {
    const { persons, problemCount } = parseFtmLines(`${line(personToFtm(person))}\n`, NOW);
    assert.equal(problemCount, 0);
    const [read] = persons;
    assert.ok(read);
    assert.equal(read.line, 1);
    assert.equal(read.ftmId, `concord-${person.id}`);
    assert.equal(read.carriesCase, true);
    assert.deepEqual(read.person, {
      names: person.names,
      aliases: person.aliases,
      birthDates: person.birthDates,
      nationalities: person.nationalities,
      gender: person.gender,
      identifiers: person.identifiers,
      offences: person.offences,
      amount: person.amount,
      conversion: { rate: '0.1468', rateOn: '2011-01-28', currency: 'USD' },
      caseReferences: person.caseReferences,
      fledOn: person.fledOn,
      fledFrom: person.fledFrom,
    });
    assert.equal(concordIdOf(read.ftmId), person.id);
    assert.equal(concordIdOf('ofac-123'), null);
  });

  it('reads a plain FtM Person: lower-case nationality, passport numbers, weak aliases, other keys ignored', () => {
    const { persons, problemCount } = parseFtmLines(
      '\uFEFF' +
        line({
          id: 'xyz-1',
          schema: 'Person',
          datasets: ['somewhere'],
          properties: {
            name: ['马志强'],
            alias: ['Ma Zhiqiang', '马志强'],
            weakAlias: ['Zhiqiang'],
            nationality: ['cn'],
            passportNumber: ['G0001'],
            firstName: ['志强'],
          },
        }) +
        '\r\n\r\n',
      NOW,
    );
    assert.equal(problemCount, 0);
    const read = persons[0]!;
    assert.equal(read.carriesCase, false);
    assert.deepEqual(read.person.names, ['马志强']);
    assert.deepEqual(read.person.aliases, ['Ma Zhiqiang', 'Zhiqiang']);
    assert.deepEqual(read.person.nationalities, ['CN']);
    assert.deepEqual(read.person.identifiers, [{ type: 'passport', number: 'G0001', country: null }]);
    assert.deepEqual(read.person.offences, []);
    assert.equal(read.person.amount, null);
  });

  it('refuses bad lines with their line numbers and messages, and reports every one', () => {
    const good = line({ id: 'a', schema: 'Person', properties: { name: ['A'] } });
    const content = [
      good,
      '{not json',
      line({ id: 'c', schema: 'Company', properties: { name: ['Acme'] } }),
      line({ id: 'd', schema: 'Person', properties: { alias: ['nameless'] } }),
      '',
      line({ id: 'f', schema: 'Person', properties: { name: ['F'], nationality: ['xx'] } }),
      line({ id: 'a', schema: 'Person', properties: { name: ['A again'] } }),
      line({ id: 'h', schema: 'Person', properties: { name: 'H' } }),
      line({ id: 'i', schema: 'Person', properties: { name: ['I'], birthDate: ['1962-13-01'] } }),
      line({ id: 'j', schema: 'Person', properties: { name: ['J'] }, [CONCORD_CASE]: { amount: { value: '1.001', currency: 'CNY' } } }),
      line({ id: 'k', schema: 'Person', properties: { name: ['K'] }, [CONCORD_CASE]: { fledOn: '2099-01-01' } }),
      line({ id: 'l', schema: 'Person', properties: { name: ['L'], gender: ['male', 'female'] } }),
      line({ id: 'm', schema: 'Person', properties: { name: ['M'] }, [CONCORD_CASE]: { offences: ['jaywalking'] } }),
    ].join('\n');
    const { persons, problems, problemCount } = parseFtmLines(content, NOW);
    assert.equal(persons.length, 1);
    assert.equal(problemCount, 11);
    const byLine = new Map(problems.map((problem) => [problem.line, problem.message]));
    assert.deepEqual([...byLine.keys()], [2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert.match(byLine.get(2)!, /not valid JSON/);
    assert.match(byLine.get(3)!, /schema "Company" is not accepted/);
    assert.match(byLine.get(4)!, /^name: /);
    assert.match(byLine.get(6)!, /^nationality\.0: /);
    assert.match(byLine.get(7)!, /already on line 1/);
    assert.match(byLine.get(8)!, /^properties\.name: /);
    assert.match(byLine.get(9)!, /^birthDate\.0: /);
    assert.match(byLine.get(10)!, /^concord:case\.amount: .*decimal places/);
    assert.match(byLine.get(11)!, /^concord:case\.fledOn: .*future/);
    assert.match(byLine.get(12)!, /^gender: more than one value/);
    assert.match(byLine.get(13)!, /^concord:case\.offences\.0: /);
  });

  it('caps the reported problems but counts them all, and refuses an empty file', () => {
    const content = Array.from({ length: MAX_REPORTED_ERRORS + 7 }, () => '[]').join('\n');
    const result = parseFtmLines(content, NOW);
    assert.equal(result.problems.length, MAX_REPORTED_ERRORS);
    assert.equal(result.problemCount, MAX_REPORTED_ERRORS + 7);
    assert.deepEqual(parseFtmLines('\n\n', NOW).problems, [{ line: 1, message: 'the file holds no entity' }]);
  });
});
