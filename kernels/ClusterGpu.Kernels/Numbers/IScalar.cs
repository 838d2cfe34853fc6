namespace ClusterGpu.Kernels.Numbers;

/// <summary>A number type holding one trajectory's value (<see cref="F64"/>, <see cref="F32"/>): what GPU kernels run on.</summary>
public interface IScalar<T> : IReal<T> where T : struct, IScalar<T>
{
    /// <summary>The value widened to binary64 for output.</summary>
    static abstract double ToDouble(T x);
}
