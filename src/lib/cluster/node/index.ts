// Public entry of the node agent.
export { startNodeAgent, type NodeAgent, type NodeAgentOptions } from './agent.js';
export { registerImage, resolveImage, parseImageRef, type ImageRef, type ImageResolver, type ResolvedImage } from './images.js';
export { containerLogPath, podLogDir } from './log-paths.js';
