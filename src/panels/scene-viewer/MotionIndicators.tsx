// MotionIndicator nodes: a striped plane or cylinder whose stripes move at the speed the bound
// value (through its rule) gives. Speeds live in refs and the stripes move in useFrame; frames
// are requested only while something moves, so a still scene still draws nothing.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { CanvasTexture, DoubleSide, RepeatWrapping } from 'three';

import { propertyRefOf, refKey } from '../../common/scene/bindings';
import type { Placed } from '../../common/scene/layout';
import { evaluateRule } from '../../common/scene/rules';
import type { MotionIndicatorComponent, Rule } from '../../common/scene/types';
import type { SceneValues } from './SceneValues';

function stripes(foreground: string, background: string, backgroundOpacity: number): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 64;
  const ctx = canvas.getContext('2d')!;
  ctx.globalAlpha = backgroundOpacity;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, 8, 64);
  ctx.globalAlpha = 1;
  ctx.fillStyle = foreground;
  // a chevron band: the direction of travel reads at a glance
  ctx.fillRect(0, 8, 8, 16);
  const texture = new CanvasTexture(canvas);
  texture.wrapS = texture.wrapT = RepeatWrapping;
  return texture;
}

/** The speed an indicator shows: its rule's number, else the bound number, else its default. */
export function indicatorSpeed(
  c: MotionIndicatorComponent,
  rules: Record<string, Rule>,
  vars: Record<string, string>,
  values: SceneValues,
) {
  const binding = c.valueDataBindings.speed;
  const ref = propertyRefOf(binding?.valueDataBinding, vars);
  const value = ref ? values.getByKey(refKey(ref))?.value : undefined;
  if (ref && value !== undefined && value !== null) {
    const rule = binding?.ruleBasedMapId ? rules[binding.ruleBasedMapId] : undefined;
    if (rule) {
      const result = evaluateRule(rule, { [ref.propertyName]: value });
      if (result.target?.kind === 'number') return result.target.value;
    } else if (typeof value === 'number') return value;
  }
  return c.config.defaultSpeed ?? 0;
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
  const textures = useMemo(
    () =>
      items.map(({ component: c }) => {
        const t = stripes(
          c.config.defaultForegroundColor ?? '#00c8ff',
          c.config.defaultBackgroundColor ?? '#222222',
          c.config.backgroundColorOpacity,
        );
        t.repeat.set(1, c.config.numOfRepeatInY);
        return t;
      }),
    [items],
  );
  useEffect(() => () => textures.forEach((t) => t.dispose()), [textures]);

  useEffect(() => {
    const update = () => {
      speeds.current = items.map((i) => indicatorSpeed(i.component, rules, vars, values));
      invalidate();
    };
    update();
    return values.subscribe(update);
  }, [items, rules, vars, values, invalidate]);

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
