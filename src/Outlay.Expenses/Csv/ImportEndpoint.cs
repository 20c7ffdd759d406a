using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;

using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Expenses.Csv;

/// <summary>
/// <c>POST /api/expenses/import</c> with a <c>text/csv</c> body (the export's columns; <c>spent_on</c>,
/// <c>amount</c> and <c>description</c> required). Rows the user already has are skipped as duplicates and
/// reported. Any invalid row refuses the whole file (400, nothing imported) unless <c>?skipInvalid=true</c>,
/// which imports the valid rows and reports the skipped ones. The report names every row by its line.
/// </summary>
public static class ImportEndpoint
{
    public static IEndpointRouteBuilder MapImportEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/expenses/import", Import).RequireAuthorization(OutlayPolicies.User).WithTags("Import and export")
            .Accepts<string>("text/csv");
        return app;
    }

    public static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        bool? skipInvalid, ClaimsPrincipal user, ExpenseImport import, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the file as text/csv.");
        }

        // Bounded by the request body limit, so reading it whole is safe; the parser then works synchronously.
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return await import.RunAsync(user.UserId(), new CsvReader(new StringReader(text)), skipInvalid == true, cancellationToken);
    }
}

public sealed record ImportReport(int Imported, int Duplicates, int Invalid, IReadOnlyList<ImportRow> Rows);

/// <summary>One data row: <c>imported</c> (with the new id), <c>duplicate</c> (with the existing id) or <c>invalid</c> (with its errors).</summary>
public sealed record ImportRow(int Line, string Outcome, Guid? Id, IDictionary<string, string[]>? Errors);
