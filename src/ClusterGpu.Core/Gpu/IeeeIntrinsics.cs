using System.Reflection;
using ClusterGpu.Kernels.Numbers;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.IR;
using ILGPU.IR.Intrinsics;

namespace ClusterGpu.Gpu;

/// <summary>
/// What <see cref="Ieee"/> compiles to on ILGPU's device backends. PTX: one explicitly rounded instruction per method
/// (<c>mul.rn.f64</c>, <c>fma.rn.f32</c>, …) on registers; ILGPU 1.5.3's inline PTX (<c>CudaAsm.Emit</c>) would pass
/// every result through local memory, and its <c>Math.FusedMultiplyAdd</c> is a call of an undefined function.
/// OpenCL: the plain operators, MulAdd as a·b + c (which OpenCL C may contract to an fma).
/// </summary>
public static class IeeeIntrinsics
{
    /// <summary>Registers both implementations with a context under construction.</summary>
    public static void Register(Context.Builder builder)
    {
        var intrinsics = builder.GetIntrinsicManager();
        foreach (var method in typeof(Ieee).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            var parameters = Array.ConvertAll(method.GetParameters(), p => p.ParameterType);
            string bits = method.ReturnType == typeof(double) ? "64" : "32";
            intrinsics.RegisterMethod(method, new PTXIntrinsic(typeof(IeeeIntrinsics), $"Ptx{method.Name}{bits}", IntrinsicImplementationMode.GenerateCode));
            intrinsics.RegisterMethod(method, new CLIntrinsic(typeof(OpenCL).GetMethod(method.Name, parameters)!, IntrinsicImplementationMode.Redirect));
        }
    }

    public static void PtxAdd64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "add.rn.f64");
    public static void PtxSub64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "sub.rn.f64");
    public static void PtxMul64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "mul.rn.f64");
    public static void PtxDiv64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "div.rn.f64");
    public static void PtxSqrt64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "sqrt.rn.f64");
    public static void PtxMulAdd64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "fma.rn.f64");
    public static void PtxFloor64(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "cvt.rmi.f64.f64");
    public static void PtxAdd32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "add.rn.f32");
    public static void PtxSub32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "sub.rn.f32");
    public static void PtxMul32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "mul.rn.f32");
    public static void PtxDiv32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "div.rn.f32");
    public static void PtxSqrt32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "sqrt.rn.f32");
    public static void PtxMulAdd32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "fma.rn.f32");
    public static void PtxFloor32(PTXBackend backend, PTXCodeGenerator generator, Value value) => Emit(generator, value, "cvt.rmi.f32.f32");

    /// <summary><paramref name="instruction"/> target, operand0, operand1, …: the call's arguments in registers.</summary>
    private static void Emit(PTXCodeGenerator generator, Value value, string instruction)
    {
        var operands = new RegisterAllocator<PTXRegisterKind>.PrimitiveRegister[value.Count];
        for (int i = 0; i < operands.Length; i++) operands[i] = generator.LoadPrimitive(value[i]);
        var target = generator.AllocateHardware(value);
        using var command = generator.BeginCommand(instruction);
        command.AppendArgument(target);
        foreach (var operand in operands) command.AppendArgument(operand);
    }

    /// <summary>The OpenCL implementations: the operators ILGPU translates to OpenCL C.</summary>
    public static class OpenCL
    {
        public static double Add(double a, double b) => a + b;
        public static double Sub(double a, double b) => a - b;
        public static double Mul(double a, double b) => a * b;
        public static double Div(double a, double b) => a / b;
        public static double Sqrt(double x) => Math.Sqrt(x);
        public static double MulAdd(double a, double b, double c) => a * b + c;
        public static double Floor(double x) => Math.Floor(x);
        public static float Add(float a, float b) => a + b;
        public static float Sub(float a, float b) => a - b;
        public static float Mul(float a, float b) => a * b;
        public static float Div(float a, float b) => a / b;
        public static float Sqrt(float x) => MathF.Sqrt(x);
        public static float MulAdd(float a, float b, float c) => a * b + c;
        public static float Floor(float x) => MathF.Floor(x);
    }
}
