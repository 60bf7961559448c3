/** Which host capabilities this build has, read once at start: screens without theirs say "not available yet". */

import { createContext, useContext, type ReactNode } from 'react';
import type { Feature } from '@fidelis/shared/api/schemas.js';
import { NotAvailable } from './States.js';

export type Capabilities = Readonly<Record<Feature, boolean>>;

const CapabilitiesContext = createContext<Capabilities | undefined>(undefined);

export const CapabilitiesProvider = ({ value, children }: { value: Capabilities; children: ReactNode }) => (
  <CapabilitiesContext.Provider value={value}>{children}</CapabilitiesContext.Provider>
);

export const useCapability = (feature: Feature): boolean => useContext(CapabilitiesContext)?.[feature] ?? false;

export function RequiresFeature({ feature, what, children }: { feature: Feature; what: string; children: ReactNode }) {
  return useCapability(feature) ? <>{children}</> : <NotAvailable what={what} />;
}
