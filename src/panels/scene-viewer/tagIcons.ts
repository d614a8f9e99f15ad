// The tag icons as one texture atlas drawn on a canvas at start-up (nothing downloaded): a
// white pin head with a dark glyph per icon, tinted per tag in the shader.
import { CanvasTexture, LinearFilter, SRGBColorSpace } from 'three';

import { TAG_ICONS, type TagIcon } from '../../common/scene/types';

const CELL = 64;

/** Index of an icon in the atlas (its column). */
export const iconIndex = (icon: TagIcon) => TAG_ICONS.indexOf(icon);
export const ICON_COUNT = TAG_ICONS.length;

function glyph(ctx: CanvasRenderingContext2D, icon: TagIcon, x: number) {
  const c = x + CELL / 2;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  if (icon === 'Warning') {
    ctx.moveTo(c, 4);
    ctx.lineTo(x + CELL - 4, CELL - 6);
    ctx.lineTo(x + 4, CELL - 6);
    ctx.closePath();
  } else if (icon === 'Custom') {
    ctx.moveTo(c, 3);
    ctx.lineTo(x + CELL - 3, CELL / 2);
    ctx.lineTo(c, CELL - 3);
    ctx.lineTo(x + 3, CELL / 2);
    ctx.closePath();
  } else ctx.arc(c, CELL / 2, CELL / 2 - 3, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#1b1b1f';
  ctx.strokeStyle = '#1b1b1f';
  ctx.lineWidth = 7;
  ctx.lineCap = 'round';
  ctx.beginPath();
  switch (icon) {
    case 'Info':
      ctx.arc(c, 18, 4.5, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(c, 29);
      ctx.lineTo(c, 47);
      ctx.stroke();
      break;
    case 'Warning':
      ctx.moveTo(c, 24);
      ctx.lineTo(c, 40);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(c, 50, 3.5, 0, Math.PI * 2);
      ctx.fill();
      break;
    case 'Error':
      ctx.moveTo(c - 11, 21);
      ctx.lineTo(c + 11, 43);
      ctx.moveTo(c + 11, 21);
      ctx.lineTo(c - 11, 43);
      ctx.stroke();
      break;
    case 'Video':
      ctx.fillRect(x + 14, 22, 24, 20);
      ctx.beginPath();
      ctx.moveTo(x + 38, 32);
      ctx.lineTo(x + 50, 23);
      ctx.lineTo(x + 50, 41);
      ctx.closePath();
      ctx.fill();
      break;
    case 'Custom':
      ctx.arc(c, CELL / 2, 7, 0, Math.PI * 2);
      ctx.fill();
      break;
  }
}

/** The atlas: one CELL×CELL column per icon in TAG_ICONS order. */
export function createIconAtlas(): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = CELL * ICON_COUNT;
  canvas.height = CELL;
  const ctx = canvas.getContext('2d')!;
  TAG_ICONS.forEach((icon, i) => glyph(ctx, icon, i * CELL));
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  return texture;
}
