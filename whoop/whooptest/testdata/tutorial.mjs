// WHOOP's "Complete a Service Request" tutorial, run against the whooptest
// fake by tutorial_test.go. The three functions are the tutorial's verbatim
// except that the host https://api.prod.whoop.com is replaced by whoopHost: the
// /developer path of WHOOP's base URL stays, and the fake serves it.
//
//   WHOOP_HOST=http://127.0.0.1:PORT WHOOP_TOKEN=... WHOOP_REQUISITION_ID=... node tutorial.mjs
//   node tutorial.mjs HOST TOKEN REQUISITION_ID
//
// It prints the requisition, each updated service request and "done".

const whoopHost = process.env.WHOOP_HOST ?? process.argv[2]
const partnerToken = process.env.WHOOP_TOKEN ?? process.argv[3]
const requisitionId = process.env.WHOOP_REQUISITION_ID ?? process.argv[4]
if (!whoopHost || !partnerToken || !requisitionId) {
  console.error('usage: node tutorial.mjs HOST TOKEN REQUISITION_ID (or WHOOP_HOST, WHOOP_TOKEN, WHOOP_REQUISITION_ID)')
  process.exit(2)
}

// --- From the tutorial, verbatim but for the base URL. ---

const getRequisition = async (partnerToken, requisitionId) => {
const uri = `${whoopHost}/developer/v2/partner/requisition/${requisitionId}`
const response = await fetch(uri, {
headers: {
Authorization: `Bearer ${partnerToken}`,
},
})
if (response.status === 200) {
return response.json()
} else if (response.status === 404) {
throw new Error('Requisition not found')
} else {
throw new Error(`Unexpected status: ${response.status}`)
}
}

const updateServiceRequestStatus = async (partnerToken, serviceRequestId, taskBusinessStatus, reason) => {
const uri = `${whoopHost}/developer/v2/partner/service-request/${serviceRequestId}/status`
const response = await fetch(uri, {
method: 'PATCH',
headers: {
Authorization: `Bearer ${partnerToken}`,
'Content-Type': 'application/json',
},
body: JSON.stringify({ task_business_status: taskBusinessStatus, reason }),
})
if (response.status === 200) {
return response.json()
} else if (response.status === 404) {
throw new Error('Service request not found')
} else {
throw new Error(`Unexpected status: ${response.status}`)
}
}

const submitDiagnosticResults = async (partnerToken, serviceRequestId, results) => {
const uri = `${whoopHost}/developer/v2/partner/service-request/${serviceRequestId}/results`
const response = await fetch(uri, {
method: 'POST',
headers: {
Authorization: `Bearer ${partnerToken}`,
'Content-Type': 'application/json',
},
body: JSON.stringify(results),
})
if (response.status === 201) {
return // Successfully created
} else if (response.status === 404) {
throw new Error('Service request not found')
} else {
throw new Error(`Unexpected status: ${response.status}`)
}
}

// --- The tutorial's three steps, for every service request of the requisition. ---

const requisition = await getRequisition(partnerToken, requisitionId)
console.log(JSON.stringify(requisition))

for (const serviceRequest of requisition.service_requests) {
  // Confirm the order after validating the requisition
  const updated = await updateServiceRequestStatus(
    partnerToken,
    serviceRequest.id,
    'ORDER_CONFIRMED',
  )
  console.log(JSON.stringify(updated))

  await submitDiagnosticResults(partnerToken, serviceRequest.id, {
    status: 'final',
    observations: [
      {
        code: 'TOTAL_CHOLESTEROL',
        value_numeric: 185,
        unit: 'mg/dL',
      },
      {
        code: 'BLOOD_TYPE',
        value_text: 'A+',
      },
    ],
  })
}
console.log('done')
