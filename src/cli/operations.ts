import { auditAnchorOperation, auditVerifyOperation } from './audit.ts';
import { exportFugitivesOperation, importFugitivesOperation } from './fugitives.ts';
import { importInterpolOperation } from './import-interpol.ts';
import type { Operation } from './operation.ts';
import {
  agencyCreateOperation,
  backupOperation,
  demoOperation,
  legalExportOperation,
  legalImportOperation,
  migrateOperation,
  restoreOperation,
  userCreateOperation,
} from './platform-commands.ts';

/** Every operation of the command line; a server holding the embedded data folder runs those marked `viaServer`. */
export const operations: readonly Operation[] = [
  migrateOperation,
  demoOperation,
  agencyCreateOperation,
  userCreateOperation,
  legalExportOperation,
  legalImportOperation,
  backupOperation,
  restoreOperation,
  auditVerifyOperation,
  auditAnchorOperation,
  importInterpolOperation,
  importFugitivesOperation,
  exportFugitivesOperation,
];
