import type { ReactNode } from 'react';

/** Small line icons drawn inline (no icon font or external request). Decorative: hidden from assistive technology. */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const icons = {
  fugitives: (
    <Icon>
      <circle cx="12" cy="7" r="3.5" />
      <path d="M5 21c0-4 3.1-7 7-7s7 3 7 7" />
      <circle cx="18.5" cy="5.5" r="2.5" />
      <path d="M20.3 7.3L22 9" />
    </Icon>
  ),
  legal: (
    <Icon>
      <path d="M12 3v18" />
      <path d="M5 21h14" />
      <path d="M4 7h16" />
      <path d="M7 7l-3 7a3 3 0 0 0 6 0z" />
      <path d="M17 7l-3 7a3 3 0 0 0 6 0z" />
    </Icon>
  ),
  cooperation: (
    <Icon>
      <circle cx="8" cy="8" r="3" />
      <circle cx="16" cy="8" r="3" />
      <path d="M3 20c0-3 2.2-5 5-5s5 2 5 5" />
      <path d="M11 20c0-3 2.2-5 5-5s5 2 5 5" />
    </Icon>
  ),
  screening: (
    <Icon>
      <circle cx="10" cy="10" r="6.5" />
      <path d="m15 15 6 6" />
      <circle cx="10" cy="8.5" r="2" />
      <path d="M6.8 13.6c.7-1.5 1.9-2.3 3.2-2.3s2.5.8 3.2 2.3" />
    </Icon>
  ),
  dashboard: (
    <Icon>
      <rect x="3" y="3" width="7" height="9" rx="1" />
      <rect x="14" y="3" width="7" height="5" rx="1" />
      <rect x="14" y="12" width="7" height="9" rx="1" />
      <rect x="3" y="16" width="7" height="5" rx="1" />
    </Icon>
  ),
  jobs: (
    <Icon>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </Icon>
  ),
  users: (
    <Icon>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20c.8-3.6 3.4-5.5 6.5-5.5s5.7 1.9 6.5 5.5" />
      <path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14.8c1.9.7 3.1 2.4 3.5 5.2" />
    </Icon>
  ),
  agencies: (
    <Icon>
      <path d="M3 21h18M5 21V10M19 21V10M9 21v-7M15 21v-7M2.5 10 12 3.5 21.5 10Z" />
    </Icon>
  ),
  audit: (
    <Icon>
      <path d="M7 3h8l4 4v14H7z" />
      <path d="M15 3v4h4M10 12h6M10 16h6" />
      <path d="M4 7v14h3" />
    </Icon>
  ),
  settings: (
    <Icon>
      <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" />
      <circle cx="16" cy="6" r="2" />
      <circle cx="10" cy="12" r="2" />
      <circle cx="18" cy="18" r="2" />
    </Icon>
  ),
  account: (
    <Icon>
      <path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.3 7.5 9.5 4.3-1.2 7.5-4.9 7.5-9.5V6Z" />
      <path d="m9 12 2 2 4-4" />
    </Icon>
  ),
  chevronDown: (
    <Icon>
      <path d="m6 9 6 6 6-6" />
    </Icon>
  ),
};

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1e40af" />
      <circle cx="12.5" cy="16" r="6.5" fill="none" stroke="#fff" strokeWidth="2.4" />
      <circle cx="19.5" cy="16" r="6.5" fill="none" stroke="#93c5fd" strokeWidth="2.4" />
    </svg>
  );
}
