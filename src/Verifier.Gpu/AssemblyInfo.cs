using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits its kernel launchers into a dynamic assembly of this name, which must see the
// internal argument types of the kernels.
[assembly: InternalsVisibleTo("ILGPURuntime")]
