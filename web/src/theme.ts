import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** Ordo indigo: the brand colour, used for primary actions and the active navigation item. */
const ordo: MantineColorsTuple = ['#eef0ff', '#dcdefa', '#b5baf0', '#8c93e6', '#6a72de', '#545dd9', '#4852d8', '#3a43c0', '#323bac', '#263299'];

export const theme = createTheme({
  primaryColor: 'ordo',
  // Black or white text on filled colours, whichever contrasts (orange and yellow badges need black).
  autoContrast: true,
  primaryShade: { light: 6, dark: 5 },
  colors: { ordo },
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Paper: { defaultProps: { withBorder: true, radius: 'md' } },
    Card: { defaultProps: { withBorder: true, radius: 'md' } },
    TextInput: { defaultProps: { radius: 'md' } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    // A link inside text must not rely on colour alone (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: 'always' } },
  },
});

/**
 * Contrast fixes (WCAG AA 4.5:1, checked by axe-core in test/e2e/a11y.e2e.test.ts): Mantine's dimmed
 * grey (gray.6 on white, dark.2 on dark.7) and the indigo links in dark mode are too faint.
 */
const hues = ['ordo', 'dark', 'gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'];
/** Text of light and outline badges/buttons: a darker shade on the pale tint (light), a paler one on the dark tint (dark). */
const tinted = (shade: (hue: string) => number) =>
  Object.fromEntries(hues.flatMap((h) => [[`--mantine-color-${h}-light-color`, `var(--mantine-color-${h}-${shade(h)})`], [`--mantine-color-${h}-outline`, `var(--mantine-color-${h}-${shade(h)})`]]));
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a', ...tinted((h) => (h === 'yellow' || h === 'lime' ? 9 : h === 'dark' ? 7 : 8)) },
  dark: { '--mantine-color-dimmed': '#b4b4b4', '--mantine-color-anchor': ordo[3], ...tinted((h) => (h === 'dark' || h === 'gray' ? 1 : 3)) },
});
