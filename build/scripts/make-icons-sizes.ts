/** The icon sizes Linux desktops pick from (build/icons/<n>x<n>.png), written by make-icons.ts. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
