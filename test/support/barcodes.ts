import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extractImages, getDocumentProxy } from 'unpdf';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

// pdf.js (inside unpdf) transfers image buffers with ArrayBuffer#transferToFixedLength, which Node
// gained in 21; on Node 20 a copy does the same for reading.
const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (n?: number) => ArrayBuffer };
if (!proto.transferToFixedLength) {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value(this: ArrayBuffer, n?: number) {
      const out = new ArrayBuffer(n ?? this.byteLength);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(out.byteLength, this.byteLength)));
      return out;
    },
  });
}

let ready: Promise<unknown> | undefined;
/** zxing-wasm from the installed package (no network): its reader's .wasm file read from node_modules. */
function zxing() {
  ready ??= (() => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    return prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(wasm).buffer }, fireImmediately: true });
  })();
  return ready;
}

/** Decodes every barcode in the images embedded on `page` of a PDF. */
export async function barcodesInPdf(pdf: Uint8Array, page = 1): Promise<Array<{ format: string; text: string }>> {
  await zxing();
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const found: Array<{ format: string; text: string }> = [];
  for (const img of await extractImages(doc, page)) {
    // extractImages gives raw pixels with 1, 3 or 4 channels; the reader wants RGBA.
    const rgba = new Uint8ClampedArray(img.width * img.height * 4);
    for (let i = 0; i < img.width * img.height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = img.data[i * img.channels + (img.channels >= 3 ? c : 0)]!;
      rgba[i * 4 + 3] = 255;
    }
    const results = await readBarcodes({ data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' } as unknown as Parameters<typeof readBarcodes>[0], { tryHarder: true });
    for (const r of results) if (r.isValid) found.push({ format: r.format, text: r.text });
  }
  return found;
}
