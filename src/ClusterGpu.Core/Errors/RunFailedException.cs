namespace ClusterGpu.Errors;

/// <summary>
/// A failure after the inputs were accepted (a directory that vanished, a read-only or full file system, a damaged
/// saved batch): the message names what failed and what to do. The CLI prints it on one line and exits with code 1.
/// </summary>
public sealed class RunFailedException(string message, Exception? inner = null) : Exception(message, inner);
