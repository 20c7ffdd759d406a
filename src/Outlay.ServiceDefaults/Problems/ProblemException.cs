using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Outlay.ServiceDefaults.Problems;

/// <summary>
/// A failure a handler deliberately reports as a problem response from deep inside a call chain
/// (for example a conflicting concurrent update detected by the database).
/// </summary>
public sealed class ProblemException(int status, string title, string? detail = null) : Exception(title)
{
    public int Status { get; } = status;
    public string? Detail { get; } = detail;

    public ProblemDetails ToProblem() => new() { Status = Status, Title = Message, Detail = Detail };

    public static ProblemException Conflict(string title, string? detail = null) => new(StatusCodes.Status409Conflict, title, detail);
}
