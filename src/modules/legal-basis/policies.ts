import { definePolicy } from '../platform/policy.ts';

/** Reference data: everyone signed in reads it and runs the checker; platform administrators and legal officers edit. */
export const legalBasisPolicy = definePolicy<null, 'read' | 'check' | 'edit'>(
  'legal-basis',
  {
    read: { roles: 'any' },
    check: { roles: 'any' },
    edit: { roles: ['legal_officer', 'platform_admin'] },
  },
  { shared: true },
);

/** The instrument resource, for routes that address one instrument by id. */
export const instrumentPolicy = definePolicy<null, 'read' | 'edit'>(
  'instrument',
  {
    read: { roles: 'any' },
    edit: { roles: ['legal_officer', 'platform_admin'] },
  },
  { shared: true },
);

/** The state resource, for routes that address one state by its code. */
export const statePolicy = definePolicy<null, 'read' | 'edit'>(
  'state',
  {
    read: { roles: 'any' },
    edit: { roles: ['legal_officer', 'platform_admin'] },
  },
  { shared: true },
);

/** A declaration under a multilateral instrument. */
export const declarationPolicy = definePolicy<null, 'read' | 'edit'>(
  'declaration',
  {
    read: { roles: 'any' },
    edit: { roles: ['legal_officer', 'platform_admin'] },
  },
  { shared: true },
);
