namespace Outlay.Web.Features.Shared;

/// <summary>Links for a paginated list: keyset lists have first/next, numbered ones previous/next too.</summary>
public sealed record PagerModel(string? FirstUrl, string? PreviousUrl, string? NextUrl, string? Label = null)
{
    public bool HasPrevious => FirstUrl is not null || PreviousUrl is not null;

    public bool HasNext => NextUrl is not null;
}
