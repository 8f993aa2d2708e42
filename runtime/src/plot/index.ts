// Plots: `plt` (pyplot-shaped), the Figure/Axes/Line2D types it builds, and animations.
export * as plt from './pyplot';
export * as animation from './animation';
export { Figure, Axes, Line2D, Legend } from './figure';
