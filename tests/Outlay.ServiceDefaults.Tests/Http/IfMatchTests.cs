using Microsoft.AspNetCore.Http;

using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Http;

namespace Outlay.ServiceDefaults.Tests.Http;

public sealed class IfMatchTests
{
    [Theory]
    [InlineData(null, 428)]
    [InlineData("\"3\"", null)]
    [InlineData("*", null)]
    [InlineData("\"2\", \"3\"", null)]
    [InlineData("\"2\"", 412)]
    [InlineData("W/\"3\"", 412)]
    public void If_match_needs_the_current_strong_etag(string? header, int? status)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.IfMatch = header;
        }

        Assert.Equal(status, IfMatch.Check(context.Request, "\"3\"", "thing")?.StatusCode);
    }

    [Theory]
    [InlineData("50%", "%50\\%%")]
    [InlineData("a_b", "%a\\_b%")]
    [InlineData("c:\\x", "%c:\\\\x%")]
    public void Like_patterns_escape_the_wildcards(string text, string pattern) => Assert.Equal(pattern, LikePattern.Contains(text));
}
