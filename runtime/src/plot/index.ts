// Plots: `plt` (pyplot-shaped) and the Figure type it builds.
export * as plt from './pyplot';
export { Figure, Axes } from './figure';
