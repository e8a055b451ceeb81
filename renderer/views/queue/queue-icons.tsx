import type { ReactNode, SVGProps } from 'react';

// The queue's action icons, drawn like components/icons.tsx (24×24 strokes, currentColor).
type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Icon({ size = 16, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

export const PauseIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="6.5" y="5" width="3.5" height="14" rx="1" />
    <rect x="14" y="5" width="3.5" height="14" rx="1" />
  </Icon>
);
export const PlayIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 5.5v13a.8.8 0 0 0 1.2.7l10.2-6.5a.8.8 0 0 0 0-1.4L9.2 4.8A.8.8 0 0 0 8 5.5z" />
  </Icon>
);
export const RetryIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M20 12a8 8 0 1 1-2.4-5.7" />
    <path d="M20 4v4.5h-4.5" />
  </Icon>
);
export const CheckIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Icon>
);
export const AlertIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5v5" />
    <path d="M12 16.2v.1" />
  </Icon>
);
export const OfflineIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M2.5 8.8a14 14 0 0 1 5-3M12 5a14 14 0 0 1 9.5 3.8" />
    <path d="M5.5 12.3a9.5 9.5 0 0 1 3.5-2.1M15.5 10.6a9.5 9.5 0 0 1 3 1.7" />
    <path d="M9 15.6a4.5 4.5 0 0 1 6 0" />
    <path d="M12 19.2v.1" />
    <path d="m3 3 18 18" />
  </Icon>
);
export const BroomIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M14.5 3.5 10 11" />
    <path d="M6.5 12.5h8l1.5 8h-11z" />
    <path d="M9 16.5v4M12 16.5v4" />
  </Icon>
);
