namespace ClusterGpu.Errors;

/// <summary>
/// Bad input from the user (unknown name, malformed range, out-of-range value, unusable path): the message
/// names the problem and the fix. The CLI prints it on one line and exits with code 2.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
