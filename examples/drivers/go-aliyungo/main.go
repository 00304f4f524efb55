// check-client driver for github.com/denverdino/aliyungo (Debian's golang-github-denverdino-aliyungo-dev).
// Two modes, two ways a Go program calls CreateSnapshot with aliyungo:
//
//	aliyungo-driver           the generic ecs.Client.Invoke("CreateSnapshot", args, &response), with every
//	                          API parameter in an args struct (aliyungo's struct-to-query rules)
//	aliyungo-driver -typed    the typed ecs.Client.CreateSnapshot(&ecs.CreateSnapshotArgs{...}), which has
//	                          only DiskId, SnapshotName, Description and ClientToken
//
// It answers a call per line until stdin ends (so check-client can run it with --persistent), each call
// with a client made for the call's endpoint (ECS_ENDPOINT when the call has none, as ecs.NewClient reads
// it). Build (offline, no modules):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o aliyungo-driver .
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/denverdino/aliyungo/common"
	"github.com/denverdino/aliyungo/ecs"
)

type tag struct{ Key, Value string }

type input struct {
	DiskId          *string `json:"diskId"`
	SnapshotName    *string `json:"snapshotName"`
	Description     *string `json:"description"`
	RetentionDays   *int    `json:"retentionDays"`
	Category        *string `json:"category"`
	ClientToken     *string `json:"clientToken"`
	Tags            []tag   `json:"tags"`
	ResourceGroupId *string `json:"resourceGroupId"`
	// true or false, or a string (a scenario sends a value that is no boolean): sent as written.
	InstantAccess              json.RawMessage `json:"instantAccess"`
	InstantAccessRetentionDays *int            `json:"instantAccessRetentionDays"`
	StorageLocationArn         *string         `json:"storageLocationArn"`
}

type call struct {
	Endpoint string `json:"endpoint"`
	Format   string `json:"format"`
	Input    input  `json:"input"`
}

// The args of the generic call: aliyungo sends a string field when it is not empty, a pointer when it is
// set (so RetentionDays=0 goes out), and a slice of structs as Tag.1.Key, Tag.1.Value, ...
type createSnapshotArgs struct {
	DiskId                     string
	SnapshotName               string
	Description                string
	RetentionDays              *int
	Category                   string
	ClientToken                string
	Tag                        []tag
	ResourceGroupId            string
	InstantAccess              string
	InstantAccessRetentionDays *int
	StorageLocationArn         string
	// Overrides the JSON that aliyungo's Request puts in every query, when the call asks for XML.
	Format string
}

type result struct {
	Ok         bool    `json:"ok"`
	SnapshotId *string `json:"snapshotId,omitempty"`
	RequestId  *string `json:"requestId"`
	Code       *string `json:"code,omitempty"`
	HttpStatus *int    `json:"httpStatus,omitempty"`
	Error      *string `json:"error,omitempty"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// The wire text of a JSON value: a string unquoted, anything else (true, false) as written; "" when absent.
func wire(raw json.RawMessage) string {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	return string(raw)
}

func print(r result) {
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
}

func main() {
	calls := json.NewDecoder(os.Stdin)
	for {
		var c call
		if err := calls.Decode(&c); err == io.EOF {
			return
		} else if err != nil {
			msg := "cannot read the call: " + err.Error()
			print(result{Error: &msg})
			return
		}
		print(answer(c))
	}
}

func answer(c call) result {
	endpoint := c.Endpoint
	if endpoint == "" {
		endpoint = os.Getenv("ECS_ENDPOINT")
	}
	client := ecs.NewClientWithEndpoint(endpoint, os.Getenv("ECS_ACCESS_KEY_ID"), os.Getenv("ECS_ACCESS_KEY_SECRET"))
	in := c.Input
	var snapshotId, requestId string
	var err error
	if len(os.Args) > 1 && os.Args[1] == "-typed" {
		// The typed call has no format option, nor RetentionDays, Category, Tag or ResourceGroupId.
		snapshotId, err = client.CreateSnapshot(&ecs.CreateSnapshotArgs{
			DiskId: str(in.DiskId), SnapshotName: str(in.SnapshotName),
			Description: str(in.Description), ClientToken: str(in.ClientToken),
		})
	} else {
		args := createSnapshotArgs{
			DiskId: str(in.DiskId), SnapshotName: str(in.SnapshotName), Description: str(in.Description),
			RetentionDays: in.RetentionDays, Category: str(in.Category), ClientToken: str(in.ClientToken),
			Tag: in.Tags, ResourceGroupId: str(in.ResourceGroupId),
			InstantAccess: wire(in.InstantAccess), InstantAccessRetentionDays: in.InstantAccessRetentionDays,
			StorageLocationArn: str(in.StorageLocationArn),
		}
		if c.Format == "XML" {
			args.Format = "XML"
		}
		response := ecs.CreateSnapshotResponse{}
		err = client.Invoke("CreateSnapshot", &args, &response)
		snapshotId, requestId = response.SnapshotId, response.RequestId
	}
	if err == nil {
		r := result{Ok: true, SnapshotId: &snapshotId}
		// The typed call returns the SnapshotId alone: its caller never learns the RequestId.
		if requestId != "" {
			r.RequestId = &requestId
		}
		return r
	}
	msg := err.Error()
	e, ok := err.(*common.Error)
	if !ok {
		return result{Error: &msg}
	}
	r := result{Error: &msg}
	// StatusCode -1 and AliyunGoClientFailure: a failure in the client (network, unreadable answer), no API error.
	if e.StatusCode > 0 {
		r.HttpStatus = &e.StatusCode
		r.Code = &e.Code
	}
	if e.RequestId != "" {
		r.RequestId = &e.RequestId
	}
	return r
}
