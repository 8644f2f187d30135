/**
 * `npm run bench:legal`: throughput and latency of the pure legal-basis checker over the demonstration registry,
 * for every ordered pair of states × every cooperation type (the person a national of the requested state).
 * Prints figures; the last line is one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { checkLegalBasis } from '../src/modules/legal-basis/engine/check-legal-basis.ts';
import { cooperationTypes, type CheckInput } from '../src/modules/legal-basis/engine/types.ts';
import { legalBasisDemo } from '../src/modules/legal-basis/demo-data.ts';
import type { Instrument } from '../src/modules/legal-basis/engine/types.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const states = legalBasisDemo.states.map((state) => ({
  code: state.code,
  name: state.name,
  languages: state.languages,
  extraditesNationals: state.extraditesNationals,
  reciprocity: state.reciprocity,
  deathPenalty: state.deathPenalty,
}));
const data = {
  states,
  instruments: legalBasisDemo.instruments as unknown as Instrument[],
  declarations: legalBasisDemo.declarations.map((declaration) => ({ ...declaration, text: declaration.text ?? undefined })),
};
const inputs: CheckInput[] = [];
for (const a of states) {
  for (const b of states) {
    if (a.code === b.code) continue;
    for (const cooperation of cooperationTypes) {
      inputs.push({
        requestingState: a.code,
        requestedState: b.code,
        cooperation,
        offences: [{ category: 'embezzlement_public_funds', maxPenaltyYears: 10, criminalInRequestedState: true }],
        personNationality: b.code,
        date: '2026-11-27',
      });
    }
  }
}

const latencies: number[] = [];
let possible = 0;
const started = performance.now();
for (let round = 0; round < rounds; round += 1) {
  for (const input of inputs) {
    const t0 = performance.now();
    const result = checkLegalBasis(input, data);
    latencies.push(performance.now() - t0);
    if (round === 0 && result.possible) possible += 1;
  }
}
const elapsedMs = performance.now() - started;
latencies.sort((x, y) => x - y);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const checksPerSec = Math.round((latencies.length / elapsedMs) * 1000);
console.log(
  `Legal-basis checker: ${inputs.length} distinct requests (${states.length} states, ${cooperationTypes.length} cooperation types) × ${rounds} rounds over ${data.instruments.length} instruments and ${data.declarations.length} declarations`,
);
console.log(`  checks/s          ${checksPerSec.toLocaleString('en')}`);
console.log(
  `  latency µs        p50 ${(pct(50) * 1000).toFixed(0)}   p99 ${(pct(99) * 1000).toFixed(0)}   max ${(pct(100) * 1000).toFixed(0)}`,
);
console.log(`  possible          ${possible} of ${inputs.length} requests have a usable basis`);
console.log(`  peak RSS          ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
console.log(JSON.stringify({ checksPerSec, p50Us: Math.round(pct(50) * 1000), p99Us: Math.round(pct(99) * 1000) }));
