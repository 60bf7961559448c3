/**
 * Checks an XML document against FinCEN's CTR batch schema (kept in main/reports/fincen) before it is written, with
 * the system's xmllint (Debian: libxml2-utils). A document that does not validate — or that cannot be checked
 * because xmllint is missing — is refused, never written.
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DomainError } from '@fidelis/shared/errors.js';

/** Relative to the repository root, which is two folders up from here and from the bundles in out/node. */
export const FINCEN_CTR_SCHEMA = fileURLToPath(new URL('../../main/reports/fincen/EFL_CTRXBatchSchema.xsd', import.meta.url));

/** The schema warns that FinCEN's namespace URI is not absolute: that line is not a finding. */
const HARMLESS = /namespace warning : xmlns: URI www\.fincen\.gov\/base is not absolute/;

export type XmlSchemaCheck = (xml: string) => Promise<void>;

/** Resolves when `xml` validates against `schema`; EXPORT_INVALID with xmllint's findings otherwise. */
export function xmllintCheck(schema: string = FINCEN_CTR_SCHEMA, command = 'xmllint'): XmlSchemaCheck {
  return (xml) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, ['--noout', '--nonet', '--schema', schema, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new DomainError('EXPORT_INVALID', 'The FinCEN batch cannot be checked against its schema: xmllint is not installed (Debian: apt-get install libxml2-utils). Nothing was written.', 'format')
            : error,
        ),
      );
      child.on('close', (code) => {
        if (code === 0) return resolve();
        const findings = stderr
          .split('\n')
          .filter((line) => /error|fails to validate|validity/.test(line) && !HARMLESS.test(line))
          .slice(0, 5);
        reject(new DomainError('EXPORT_INVALID', `The FinCEN batch does not validate against FinCEN's schema, so it was not written: ${findings.join(' | ') || `xmllint exit ${code}`}`, 'format'));
      });
      child.stdin.on('error', () => {});
      child.stdin.end(xml);
    });
}
