// Who a staff letter goes to: the staff who hold the role (or are on call) when it is queued, plus the
// addresses the configuration names; the built-in address stands in only when nobody else would get it.
import type { StaffAudience } from './ticketLifecycle';

export interface RoleAddresses {
  configured?: string; // SUPPORT_LEAD_ADDRESS / SUPPORT_HEAD_ADDRESS: always told, besides the staff
  fallback: string; // told only when no staff member holds the role and nothing is configured
}

export interface StaffAddresses {
  leads: RoleAddresses;
  heads: RoleAddresses;
  onCall: string[]; // ONCALL_ADDRESSES: paged besides whoever is on call
}

/** The staff of each audience as the staff table has them now. */
export interface StaffOnDuty {
  leads: string[];
  heads: string[];
  onCall: string[];
}

export function staffRecipients(
  audiences: readonly StaffAudience[],
  onDuty: StaffOnDuty,
  addresses: StaffAddresses,
): string[] {
  const byRole = (staff: string[], role: RoleAddresses) => {
    const told = [...staff, ...(role.configured ? [role.configured] : [])];
    return told.length > 0 ? told : [role.fallback];
  };
  const recipients = audiences.flatMap((audience) => {
    switch (audience) {
      case 'leads':
        return byRole(onDuty.leads, addresses.leads);
      case 'heads':
        return byRole(onDuty.heads, addresses.heads);
      case 'on_call':
        return [...onDuty.onCall, ...addresses.onCall];
    }
  });
  return [...new Set(recipients.map((address) => address.toLowerCase()))];
}
