/**
 * A Bloom filter of document keys: "never added" is certain, "added" may be wrong now and then. A build filling an
 * empty slot asks it which documents can exist before reading them, so folding into new documents reads nothing.
 * It grows with what is added (a new layer, four times larger, each time one fills), so a small slot costs little.
 */

/** The first layer: 512 Kbit (64 KiB), for 64 Ki keys at 8 bits a key (about 2.4% false "added" when full). */
const FIRST_BITS = 1 << 19;
const BITS_PER_KEY = 8;
const PROBES = 4;

interface Layer {
  readonly bits: Uint32Array;
  readonly mask: number;
  readonly capacity: number;
  count: number;
}

const layerOf = (size: number): Layer => ({ bits: new Uint32Array(size / 32), mask: size - 1, capacity: size / BITS_PER_KEY, count: 0 });

export class KeyFilter {
  readonly #layers: Layer[] = [layerOf(FIRST_BITS)];

  add(key: string): void {
    let layer = this.#layers.at(-1)!;
    if (layer.count >= layer.capacity) {
      layer = layerOf((layer.mask + 1) * 4);
      this.#layers.push(layer);
    }
    const [a, b] = hashes(key);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) & layer.mask;
      layer.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    layer.count++;
  }

  mayHave(key: string): boolean {
    const [a, b] = hashes(key);
    return this.#layers.some((layer) => {
      for (let i = 0; i < PROBES; i++) {
        const bit = (a + i * b) & layer.mask;
        if ((layer.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
      }
      return true;
    });
  }

  /** What it weighs, in bytes. */
  get bytes(): number {
    return this.#layers.reduce((sum, layer) => sum + layer.bits.byteLength, 0);
  }
}

// Two FNV-1a hashes with different offsets, combined as a + i·b (double hashing); b is odd so the probes differ.
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193 + 0x100);
  }
  return [a >>> 0, (b | 1) >>> 0];
}
