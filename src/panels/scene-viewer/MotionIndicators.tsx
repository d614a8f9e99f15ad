// MotionIndicator nodes: a striped plane or cylinder whose stripes move at the speed the bound
// value (through its rule) gives, in the foreground/background colours their rules give. Speeds
// live in refs and the stripes move in useFrame; colours repaint the indicator's own small
// texture only when they change. Frames are requested only while something moves or changed,
// so a still scene still draws nothing.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { CanvasTexture, DoubleSide, RepeatWrapping } from 'three';

import type { Placed } from '../../common/scene/layout';
import type { MotionIndicatorComponent, Rule } from '../../common/scene/types';
import { indicatorLook } from './ruleLooks';
import type { SceneValues } from './SceneValues';

/** Paints the stripe pattern; redone only when a rule changes a colour, never per frame. */
function paintStripes(canvas: HTMLCanvasElement, foreground: string, background: string, backgroundOpacity: number) {
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.globalAlpha = backgroundOpacity;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, 8, 64);
  ctx.globalAlpha = 1;
  ctx.fillStyle = foreground;
  // a chevron band: the direction of travel reads at a glance
  ctx.fillRect(0, 8, 8, 16);
}

interface Stripes {
  texture: CanvasTexture;
  canvas: HTMLCanvasElement;
  /** the colours painted now, `foreground background` */
  painted: string;
}

function stripes(c: MotionIndicatorComponent): Stripes {
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 64;
  const texture = new CanvasTexture(canvas);
  texture.wrapS = texture.wrapT = RepeatWrapping;
  texture.repeat.set(1, c.config.numOfRepeatInY);
  return { texture, canvas, painted: '' };
}

interface Props {
  items: Array<Placed<MotionIndicatorComponent>>;
  rules: Record<string, Rule>;
  vars: Record<string, string>;
  values: SceneValues;
}

export function MotionIndicators({ items, rules, vars, values }: Props) {
  const invalidate = useThree((s) => s.invalidate);
  const speeds = useRef<number[]>([]);
  const painted = useMemo(() => items.map(({ component: c }) => stripes(c)), [items]);
  const textures = useMemo(() => painted.map((p) => p.texture), [painted]);
  useEffect(() => () => textures.forEach((t) => t.dispose()), [textures]);

  useEffect(() => {
    const update = () => {
      const looks = items.map((i) => indicatorLook(i.component, rules, vars, (k) => values.getByKey(k)));
      speeds.current = looks.map((l) => l.speed);
      looks.forEach((l, i) => {
        const p = painted[i]!;
        const colours = `${l.foreground} ${l.background}`;
        if (p.painted === colours) return;
        paintStripes(p.canvas, l.foreground, l.background, items[i]!.component.config.backgroundColorOpacity);
        p.painted = colours;
        p.texture.needsUpdate = true;
      });
      invalidate();
    };
    update();
    return values.subscribe(update);
  }, [items, painted, rules, vars, values, invalidate]);

  useFrame((_, delta) => {
    let moving = false;
    textures.forEach((t, i) => {
      const speed = speeds.current[i] ?? 0;
      if (speed !== 0) {
        t.offset.y -= speed * delta * 0.5;
        moving = true;
      }
    });
    if (moving) invalidate();
  });

  return (
    <>
      {items.map((item, i) => (
        <group key={item.nodeIndex} matrixAutoUpdate={false} matrix={item.matrix}>
          <mesh>
            {item.component.shape === 'LinearPlane' ? (
              <planeGeometry args={[1, 1]} />
            ) : (
              <cylinderGeometry args={[0.5, 0.5, 1, 32, 1, true]} />
            )}
            <meshBasicMaterial map={textures[i]} transparent side={DoubleSide} depthWrite={false} />
          </mesh>
        </group>
      ))}
    </>
  );
}
