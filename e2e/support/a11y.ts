// Controls without an accessible name, as Chromium computes names (CDP Accessibility tree): what
// a screen reader would announce as just "button".
import type { Page } from '@playwright/test';

const CONTROLS = new Set(['button', 'link', 'textbox', 'combobox', 'checkbox', 'radio', 'slider', 'spinbutton', 'tab', 'gridcell', 'menuitem', 'switch', 'searchbox']);

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const unnamed = nodes.filter((node) => !node.ignored && CONTROLS.has(node.role?.value ?? '') && (node.name?.value ?? '').trim() === '');
    const described: string[] = [];
    for (const node of unnamed) {
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId })) as { object: { objectId?: string } };
      const html = object.objectId
        ? ((await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return this.outerHTML.slice(0, 160); }', returnByValue: true })) as { result: { value: string } }).result.value
        : '(no node)';
      described.push(`${node.role?.value}: ${html}`);
    }
    return described;
  } finally {
    await cdp.detach();
  }
}
