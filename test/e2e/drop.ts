import { expect } from '@playwright/test';
import type { JSHandle, Page } from '@playwright/test';

/**
 * Drags a file over the window as the OS would: a DataTransfer holding a File built from
 * bytes the test read from disk, with dragenter and dragover dispatched on the body.
 * Why through the DOM and not setInputFiles: the product's promise is "drop anywhere", and
 * this exercises the same window listeners a real drop does.
 */
export async function dragFileOver(page: Page, name: string, bytes: Buffer): Promise<JSHandle<DataTransfer>> {
  const transfer = await page.evaluateHandle(
    ({ fileName, base64 }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index++) data[index] = binary.charCodeAt(index);
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([data], fileName));
      return dataTransfer;
    },
    { fileName: name, base64: bytes.toString('base64') },
  );
  await page.evaluate((dataTransfer) => {
    for (const type of ['dragenter', 'dragover']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
    }
  }, transfer);
  return transfer;
}

/** Releases a dragged file on the body. */
export async function release(page: Page, transfer: JSHandle<DataTransfer>): Promise<void> {
  await page.evaluate((dataTransfer) => {
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer }));
  }, transfer);
}

/** Drags a file over the window, checks the drop overlay shows, drops it, checks it hides. */
export async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const transfer = await dragFileOver(page, name, bytes);
  const overlay = page.getByRole('status', { name: 'Drop the file to preview it' });
  await expect(overlay).toBeVisible();
  await release(page, transfer);
  await expect(overlay).toBeHidden();
}
