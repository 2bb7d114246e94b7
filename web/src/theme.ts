import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** Ordo indigo: the brand colour, used for primary actions and the active navigation item. */
const ordo: MantineColorsTuple = ['#eef0ff', '#dcdefa', '#b5baf0', '#8c93e6', '#6a72de', '#545dd9', '#4852d8', '#3a43c0', '#323bac', '#263299'];

export const theme = createTheme({
  primaryColor: 'ordo',
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
  },
});
