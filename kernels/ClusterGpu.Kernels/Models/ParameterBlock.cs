using ClusterGpu.Kernels.Numbers;

namespace ClusterGpu.Kernels.Models;

/// <summary>
/// Up to <see cref="Capacity"/> parameter values of one trajectory (or one SIMD group of trajectories), in the
/// order of the model's <see cref="ModelInfo.Parameters"/>. Named fields so kernels keep them in registers.
/// </summary>
public struct ParameterBlock<T> where T : struct, IReal<T>
{
    /// <summary>The most parameters a model may have.</summary>
    public const int Capacity = 16;

    public T P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15;

    /// <summary>Parameter <paramref name="index"/> (0 ≤ index &lt; <see cref="Capacity"/>).</summary>
    public T this[int index]
    {
        readonly get => index switch
        {
            0 => P0, 1 => P1, 2 => P2, 3 => P3, 4 => P4, 5 => P5, 6 => P6, 7 => P7,
            8 => P8, 9 => P9, 10 => P10, 11 => P11, 12 => P12, 13 => P13, 14 => P14, _ => P15,
        };
        set
        {
            switch (index)
            {
                case 0: P0 = value; break;
                case 1: P1 = value; break;
                case 2: P2 = value; break;
                case 3: P3 = value; break;
                case 4: P4 = value; break;
                case 5: P5 = value; break;
                case 6: P6 = value; break;
                case 7: P7 = value; break;
                case 8: P8 = value; break;
                case 9: P9 = value; break;
                case 10: P10 = value; break;
                case 11: P11 = value; break;
                case 12: P12 = value; break;
                case 13: P13 = value; break;
                case 14: P14 = value; break;
                default: P15 = value; break;
            }
        }
    }
}
