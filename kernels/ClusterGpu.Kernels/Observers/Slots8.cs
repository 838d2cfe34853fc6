using System.Runtime.CompilerServices;

namespace ClusterGpu.Kernels.Observers;

/// <summary>
/// Eight values of any struct type in named fields (registers on a GPU, never an array, which would spill to local
/// memory): the fixed-size block of samples or maxima one launch of <see cref="SampleObserver{TSchedule, T, TState}"/> or
/// <see cref="PeakObserver{T, TState}"/> keeps. Index with constants or in loops with constant bounds.
/// </summary>
public struct Slots8<TItem> where TItem : struct
{
    /// <summary>Slots per block.</summary>
    public const int Count = 8;

    private TItem s0, s1, s2, s3, s4, s5, s6, s7;

    /// <summary>Every slot holding <paramref name="value"/>.</summary>
    public Slots8(TItem value) => s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = value;

    /// <summary>Slot <paramref name="index"/> (0 ≤ index &lt; 8).</summary>
    public TItem this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => index switch { 0 => s0, 1 => s1, 2 => s2, 3 => s3, 4 => s4, 5 => s5, 6 => s6, _ => s7 };
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            switch (index)
            {
                case 0: s0 = value; break;
                case 1: s1 = value; break;
                case 2: s2 = value; break;
                case 3: s3 = value; break;
                case 4: s4 = value; break;
                case 5: s5 = value; break;
                case 6: s6 = value; break;
                default: s7 = value; break;
            }
        }
    }
}
